package io.mayfly.testing.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
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
 * A Mayfly proxy in a child JVM: {@code mayfly-proxy.jar} (ProxyMain) with local in-process
 * functions ({@link #start}), or with functions on a lambda-local the caller runs ({@link
 * #startOn}: they outlive the proxy, so one started again on the same client port recovers from
 * them); stopped by {@link #close} or {@link #stop} (or crashed by {@link #kill}). The child also exits by itself
 * when this JVM ends however it ends (see {@link ParentBoundProxy}), so no proxy outlives the
 * build. Its output goes to a log file.
 */
public final class ProxyProcess implements AutoCloseable {

    /** ProxyMain's start line: "mayfly-proxy: clients on /127.0.0.1:40123, nodes on ...". */
    private static final Pattern READY = Pattern.compile("mayfly-proxy: clients on [^:]*:(\\d+),");

    /** The proxy's line once its index is rebuilt from the functions (or recovery gave up). */
    private static final Pattern RECOVERED = Pattern.compile("recovery: .*epoch \\d+|recovery failed");

    /** The same line's end when the functions are local: lambda-local's endpoint (control API). */
    private static final Pattern LAMBDA_LOCAL = Pattern.compile("lambda-local on (\\S+)");

    private static final long START_TIMEOUT_MS = 60_000;

    private final Process process;
    private final int clientPort;
    private final Path log;
    private final URI lambdaLocal;

    private ProxyProcess(Process process, int clientPort, Path log, URI lambdaLocal) {
        this.process = process;
        this.clientPort = clientPort;
        this.log = log;
        this.lambdaLocal = lambdaLocal;
    }

    /**
     * Starts a proxy and waits for its start line and for the end of its recovery.
     *
     * @param proxyJar proxy/target/mayfly-proxy.jar
     * @param nodeJar lambda-node/target/mayfly-lambda-node.jar, the function code
     * @param clientPort the port clients connect to, 0 for a free one
     * @param log where the proxy's output goes (appended)
     */
    public static ProxyProcess start(Path proxyJar, Path nodeJar, int clientPort, Path log) {
        return start(proxyJar, nodeJar, clientPort, log, List.of());
    }

    /** As {@link #start(Path, Path, int, Path)}, with more ProxyMain options (pool, coding, keep-alive). */
    public static ProxyProcess start(Path proxyJar, Path nodeJar, int clientPort, Path log, List<String> options) {
        requireBuilt(nodeJar);
        List<String> runtime = List.of(
                "--runtime",
                "local-in-process",
                "--node-classpath",
                nodeJar.toAbsolutePath().toString());
        return launch(proxyJar, runtime, clientPort, log, options, null);
    }

    /**
     * A proxy whose functions run on a lambda-local the caller started and keeps ({@code --runtime
     * aws --endpoint-url}): functions named {@code --function-prefix} 0..{@code --pool-size}-1 of
     * 256 MB must be registered there. Killed and started again on the same client port, the new
     * proxy recovers its index from those functions and the clients' connections carry on.
     *
     * @param lambdaEndpoint lambda-local's endpoint, also what {@link #lambdaLocal()} returns
     */
    public static ProxyProcess startOn(
            Path proxyJar, URI lambdaEndpoint, int clientPort, Path log, List<String> options) {
        List<String> runtime = List.of("--runtime", "aws", "--endpoint-url", lambdaEndpoint.toString());
        return launch(proxyJar, runtime, clientPort, log, options, lambdaEndpoint);
    }

    private static void requireBuilt(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the reactor with"
                    + " ./mvnw -B verify (a proxy process needs proxy and lambda-node packaged first)");
        }
    }

    private static ProxyProcess launch(
            Path proxyJar, List<String> runtime, int clientPort, Path log, List<String> options, URI lambdaEndpoint) {
        requireBuilt(proxyJar);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dio.netty.leakDetection.level=paranoid");
        command.add("-cp");
        // The jar itself, plus test-support's classes for the parent-bound entry point.
        command.add(proxyJar.toAbsolutePath() + java.io.File.pathSeparator + testClasses());
        command.add(ParentBoundProxy.class.getName());
        command.addAll(runtime);
        command.add("--bind-host");
        command.add("127.0.0.1");
        command.add("--client-port");
        command.add(Integer.toString(clientPort));
        command.add("--node-port");
        command.add("0");
        // Functions of 256 MB; the TCK's values are small and stay in the proxy's small tier.
        command.add("--function-memory-mb");
        command.add("256");
        command.addAll(options);
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the proxy: " + String.join(" ", command), e);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        CompletableFuture<String> recovered = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready, recovered), "mayfly-proxy-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> {
            IllegalStateException exited = new IllegalStateException(
                    "the proxy exited with code " + process.exitValue() + " before it was ready; see " + log);
            ready.completeExceptionally(exited);
            recovered.completeExceptionally(exited);
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            String line = ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            // Clients that connect during recovery wait for it: a caller's first requests should not
            // (a loaded machine can take seconds to invoke every function).
            recovered.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Matcher ports = READY.matcher(line);
            ports.find();
            Matcher local = LAMBDA_LOCAL.matcher(line);
            URI functions = lambdaEndpoint != null ? lambdaEndpoint : local.find() ? URI.create(local.group(1)) : null;
            return new ProxyProcess(process, Integer.parseInt(ports.group(1)), log, functions);
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "the proxy did not start within " + START_TIMEOUT_MS + " ms: " + cause.getMessage() + " (log: "
                            + log + ")",
                    cause);
        }
    }

    private static String testClasses() {
        try {
            return Path.of(ParentBoundProxy.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pump(
            Process process, Path log, CompletableFuture<String> ready, CompletableFuture<String> recovered) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(
                        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (!ready.isDone() && READY.matcher(line).find()) {
                    ready.complete(line);
                }
                if (!recovered.isDone() && RECOVERED.matcher(line).find()) {
                    recovered.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
            recovered.completeExceptionally(e);
        }
    }

    /** The address for {@code mayfly.proxy}. */
    public String address() {
        return "127.0.0.1:" + clientPort;
    }

    /** lambda-local's endpoint (its control API is under /mayfly-local/), or null for AWS itself. */
    public URI lambdaLocal() {
        return lambdaLocal;
    }

    public int clientPort() {
        return clientPort;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Crashes the proxy (SIGKILL): no goodbye to clients or functions. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(10_000);
    }

    /**
     * Stops the proxy orderly (SIGTERM: its shutdown hook stops taking requests and delivers what
     * is still on its way to the functions) and waits for it to exit.
     *
     * @throws IllegalStateException when it has not exited within {@code timeout} (it is killed then)
     */
    public void stop(Duration timeout) {
        process.destroy();
        if (!waitForExit(timeout.toMillis())) {
            kill();
            throw new IllegalStateException("the proxy did not exit within " + timeout + " of SIGTERM; see " + log);
        }
    }

    /** Stops the proxy (SIGTERM: its shutdown hook closes it), then kills it if it lingers. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(10_000)) {
            kill();
        }
    }

    private boolean waitForExit(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lines of the log that are Netty leak reports (the proxy runs with paranoid detection). */
    public long leakReports() {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("LEAK:")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
