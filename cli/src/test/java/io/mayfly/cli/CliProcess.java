package io.mayfly.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar mayfly.jar <args>} in a child JVM, as a user runs it: waits for the line that
 * says it is ready, keeps its output in a log file, and stops it with SIGTERM (its shutdown hook
 * closes it) on {@link #close}, or with SIGKILL on {@link #kill}, as a crash would.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final List<String> readyGroups;
    private final Path log;

    private CliProcess(Process process, List<String> readyGroups, Path log) {
        this.process = process;
        this.readyGroups = readyGroups;
        this.log = log;
    }

    /** The built command, next to the failsafe working directory (cli/). */
    static Path jar() {
        Path jar = Path.of("target", "mayfly.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it with ./mvnw -pl cli -am package");
        }
        return jar;
    }

    /**
     * @param ready the start line; its groups are kept (a port, an endpoint)
     * @param heap the child's -Xmx
     */
    static CliProcess start(Path log, Pattern ready, String heap, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command), e);
        }
        CompletableFuture<List<String>> started = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready, started), "mayfly-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        process.onExit()
                .thenRun(() -> started.completeExceptionally(new IllegalStateException(
                        "mayfly " + args[0] + " exited with code " + process.exitValue() + "; see " + log)));
        try {
            return new CliProcess(process, started.get(60, TimeUnit.SECONDS), log);
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("mayfly " + args[0] + " did not start: " + e + " (log: " + log + ")", e);
        }
    }

    private static void pump(Process process, Path log, Pattern ready, CompletableFuture<List<String>> started) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(
                        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher m = ready.matcher(line);
                if (!started.isDone() && m.find()) {
                    List<String> groups = new ArrayList<>();
                    for (int g = 1; g <= m.groupCount(); g++) {
                        groups.add(m.group(g));
                    }
                    started.complete(groups);
                }
            }
        } catch (IOException e) {
            started.completeExceptionally(e);
        }
    }

    /** Group 1 of the start line. */
    String ready() {
        return readyGroups.get(0);
    }

    /** Group {@code group} (from 1) of the start line. */
    String ready(int group) {
        return readyGroups.get(group - 1);
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, as when the process crashes or its host dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running 15 s after SIGKILL; see " + log);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
