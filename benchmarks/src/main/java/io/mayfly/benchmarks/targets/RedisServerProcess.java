package io.mayfly.benchmarks.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} the driver starts for one run: loopback only, a free port, persistence
 * off (no RDB snapshots, no AOF: a cache baseline must not pay for disk), the bulk-length and
 * query-buffer limits raised above the largest value, maxmemory sized to the run with LRU eviction.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long DEFAULT_BULK_LIMIT = 512L << 20;
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final int port;
    private final Path workDir;
    private final String version;
    private boolean closed;

    /**
     * @param executable     {@code redis-server} on the PATH, or a path to it
     * @param maxMemoryBytes Redis's maxmemory; past it, least recently used keys are evicted
     * @param maxValueBytes  the largest value the run will SET
     */
    public RedisServerProcess(String executable, long maxMemoryBytes, long maxValueBytes) {
        this.version = probeVersion(executable);
        try {
            this.workDir = Files.createTempDirectory("mayfly-redis-");
            this.port = freeLoopbackPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long bulkLimit = Math.max(DEFAULT_BULK_LIMIT, maxValueBytes + (1 << 20));
        List<String> command = List.of(
                executable,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--protected-mode",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workDir.toString(),
                "--proto-max-bulk-len",
                Long.toString(bulkLimit),
                "--client-query-buffer-limit",
                Long.toString(Math.max(1L << 30, 2 * bulkLimit)),
                "--maxmemory",
                Long.toString(maxMemoryBytes),
                "--maxmemory-policy",
                "allkeys-lru",
                "--daemonize",
                "no",
                "--loglevel",
                "notice",
                "--logfile",
                "");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TargetUnavailableException(
                    "cannot start " + executable + ": " + e.getMessage()
                            + " (install Debian's redis-server or pass --redis-server PATH)",
                    e);
        }
        ProcessOutput output = new ProcessOutput(
                process, "redis-server-" + port + "-output", line -> line.contains("Ready to accept connections"));
        try {
            boolean up = output.awaitReady(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) != null;
            if (!up || !process.isAlive()) {
                close();
                throw new TargetUnavailableException("redis-server on port " + port + " did not become ready within "
                        + START_TIMEOUT_SECONDS + " s; its output: " + output.recent());
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("interrupted while starting redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String version() {
        return version;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    private static String probeVersion(String executable) {
        try {
            Process p = new ProcessBuilder(executable, "--version")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new TargetUnavailableException(executable + " --version failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new TargetUnavailableException(
                    "redis-server not found as \"" + executable + "\" (" + e.getMessage()
                            + "); install Debian's redis-server (apt-get install redis-server) or pass --redis-server PATH",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("interrupted while probing " + executable, e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its working directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover empty temp directory is harmless.
        }
    }
}
