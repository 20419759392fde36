package io.mayfly.benchmarks.targets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Mayfly proxy in a child JVM ({@code io.mayfly.proxy.ProxyMain}) for one run: clients on a
 * free loopback port, its functions on lambda-local inside that JVM. The proxy's start-up line
 * names its client address and lambda-local's endpoint, whose billing API meters the run.
 * {@link #close()} stops the JVM (SIGTERM, which closes the proxy and its functions; SIGKILL
 * after a grace period); a shutdown hook does the same if this JVM exits first.
 */
public final class MayflyProxyProcess implements AutoCloseable {
    private static final String MAIN_CLASS = "io.mayfly.proxy.ProxyMain";
    private static final Pattern CLIENTS = Pattern.compile("clients on [^,]*:(\\d+),");
    private static final Pattern LAMBDA = Pattern.compile("lambda-local on (http://\\S+)");
    private static final long START_TIMEOUT_SECONDS = 90;
    private static final long STOP_GRACE_SECONDS = 20;

    private final Process process;
    private final List<String> arguments;
    private final ProcessOutput output;
    private final Thread shutdownHook;
    private volatile String readyLine;
    private boolean closed;

    /**
     * @param heap      the child's fixed heap (-Xms and -Xmx), e.g. {@code 3g}: its in-process functions hold the shards
     * @param proxyArgs ProxyMain options (pool size, function memory, runtime, ...) after the
     *                  loopback and free-port ones this class sets
     */
    public MayflyProxyProcess(String heap, List<String> proxyArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                // A server's fixed, touched heap: one that G1 shrinks after large values and grows
                // again makes later small calls pay a page fault each for fresh memory.
                "-Xms" + heap,
                "-XX:+AlwaysPreTouch",
                "-cp",
                System.getProperty("java.class.path"),
                MAIN_CLASS,
                "--bind-host",
                "127.0.0.1",
                "--advertised-host",
                "127.0.0.1",
                "--client-port",
                "0",
                "--node-port",
                "0"));
        command.addAll(proxyArgs);
        this.arguments = List.copyOf(command.subList(command.indexOf(MAIN_CLASS) + 1, command.size()));
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TargetUnavailableException(
                    "cannot start a Mayfly proxy JVM (" + command.get(0) + "): " + e.getMessage(), e);
        }
        this.shutdownHook = new Thread(process::destroyForcibly, "mayfly-proxy-" + process.pid() + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.output = new ProcessOutput(
                process,
                "mayfly-proxy-" + process.pid() + "-output",
                line -> line.startsWith("mayfly-proxy: clients on"));
        try {
            String ready = output.awaitReady(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (ready == null) {
                // Its output ends as it exits; give the exit a moment to be seen.
                boolean exited = output.ended() && process.waitFor(10, TimeUnit.SECONDS);
                String how = exited
                        ? "exited with code " + process.exitValue() + " before it reported ready"
                        : "did not report ready within " + START_TIMEOUT_SECONDS + " s";
                String seen = output.recent();
                close();
                throw new TargetUnavailableException("the Mayfly proxy JVM (pid " + process.pid() + ", "
                        + String.join(" ", arguments) + ") " + how + "; its output: " + seen
                        + " (check --jcache-remote-proxy-args and --jcache-remote-heap)");
            }
            this.readyLine = ready;
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("interrupted while starting the Mayfly proxy JVM", e);
        }
    }

    /** The proxy's client address, {@code 127.0.0.1:PORT}, for {@code mayfly.proxy}. */
    public String clientAddress() {
        Matcher m = CLIENTS.matcher(readyLine);
        if (!m.find()) {
            throw new IllegalStateException("proxy start-up line names no client port: " + readyLine);
        }
        return "127.0.0.1:" + m.group(1);
    }

    /** lambda-local's billing API in the child, or null when its functions are not local. */
    public @Nullable URI billingUrl() {
        Matcher m = LAMBDA.matcher(readyLine);
        return m.find() ? URI.create(m.group(1)).resolve("/mayfly-local/billing") : null;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** ProxyMain's options as given, for the report. */
    public List<String> arguments() {
        return arguments;
    }

    /** Stops the JVM: SIGTERM (the proxy closes its functions), SIGKILL after a grace period. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or will run; it only kills what is already gone.
        }
    }
}
