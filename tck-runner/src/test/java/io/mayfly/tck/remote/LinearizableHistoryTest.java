package io.mayfly.tck.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.node.NodePool;
import io.mayfly.testing.history.CasRegister;
import io.mayfly.testing.history.LinearizabilityChecker;
import io.mayfly.testing.history.Operation;
import io.mayfly.testing.proxy.ProxyProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three JVMs with four threads each call get, put, replace and remove on four keys of one remote
 * proxy, two keys erasure-coded onto the functions and two small values (held whole in the
 * proxy's tier and written through to functions), while lambda-local's control API freezes
 * instances (a node that stalls mid-transfer, then resumes) and reclaims two (a node that dies,
 * taking its shards); in the second test the proxy itself is also stopped once (SIGTERM: it stops
 * taking requests and delivers what is still on its way to the functions, then exits) part way
 * and started again on the same port and the same functions once it has exited: it recovers its
 * index from their inventories, issues versions under a new epoch, and the clients reconnect. The
 * third, disabled, kills the proxy (SIGKILL) instead. The recorded history,
 * checked per key against a compare-and-set register, must be linearizable: no read of a value
 * already overwritten or removed, no miss of a value held, no compare-and-set that two callers
 * both won. A write that failed (the proxy was down or went down under it) has an unknown outcome,
 * as Knossos's and Porcupine's :info operations: the checker lets it take effect at any point
 * after its call, or never. A read that failed is dropped.
 *
 * <p>The functions run on a lambda-local in this JVM, so they outlive the proxy process.
 */
class LinearizableHistoryTest {

    private static final int JVMS = 3;
    private static final int THREADS = 4;
    /** Calls that returned, per thread; failed calls come on top. */
    private static final int OPERATIONS_PER_THREAD = 25;

    private static final int FUNCTIONS = 8;
    private static final String PREFIX = "history-node-";
    private static final Pattern RECOVERED = Pattern.compile("recovery: .*epoch \\d+");
    private static final Pattern METRICS = Pattern.compile("metrics on (http://\\S+/)");
    private static final Pattern EXPOSURE =
            Pattern.compile("(?m)^(mayfly_proxy_small_copies_pending|mayfly_proxy_nodes\\{[^}]*\\}) ([0-9.eE+-]+)$");
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Set<String> reclaimedFunctions = ConcurrentHashMap.newKeySet();
    /** How the proxy goes down part way through a history, if at all. */
    private enum Restart {
        NONE,
        /** SIGTERM, and started again once it has exited. */
        ORDERLY,
        /** SIGKILL: a crash. */
        CRASH
    }

    /** Set while the proxy is down and recovering: node faults wait, so they never add to it. */
    private final AtomicBoolean quiet = new AtomicBoolean();

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalLambdaService lambda;
    private ProxyProcess proxy;

    @BeforeEach
    void startFunctionsAndProxy() throws Exception {
        lambda = LocalLambdaService.builder()
                .arnParts("us-east-1", "000000000000")
                .start();
        for (String name : NodePool.functionNames(PREFIX, FUNCTIONS)) {
            lambda.register(FunctionDefinition.builder(name, LocalFunctions.DEFAULT_NODE_HANDLER)
                    .memoryMb(256)
                    .timeout(FunctionDefinition.MAX_TIMEOUT)
                    .instanceMode(InstanceMode.IN_PROCESS)
                    .classpath(List.of(RemoteTestSetup.nodeJar().toAbsolutePath()))
                    // Room for a second instance (a backup invocation), as the proxy's own lambda-local.
                    .concurrencyLimit(2)
                    .build());
        }
        proxy = startProxy(0, 0);
    }

    /**
     * A proxy on the functions, returned once its recovery has ended. RS(4+2) on 8 functions: a
     * reclaimed node loses one shard of a value, and repair has nodes that hold none of the value's
     * shards to rebuild it on.
     */
    private ProxyProcess startProxy(int clientPort, int run) throws Exception {
        Path log = RemoteTestSetup.log("history-proxy-" + run + ".log");
        // Each run's log starts afresh: the report reads this run's recovery line from it.
        Files.deleteIfExists(log);
        ProxyProcess started = ProxyProcess.startOn(
                RemoteTestSetup.proxyJar(),
                lambda.endpoint(),
                clientPort,
                log,
                List.of(
                        "--pool-size",
                        Integer.toString(FUNCTIONS),
                        "--function-prefix",
                        PREFIX,
                        "-k",
                        "4",
                        "-r",
                        "2",
                        "--metrics-port",
                        "0"));
        return started;
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a safety net for a hung worker, not a timing
    void historiesUnderNodeFaultsAreLinearizable() throws Exception {
        checkHistory(Restart.NONE);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a safety net for a hung worker, not a timing
    void historiesUnderNodeFaultsAndAnOrderlyProxyRestartAreLinearizable() throws Exception {
        checkHistory(Restart.ORDERLY);
    }

    /**
     * A crash is not an orderly stop: a remove or overwrite is answered once the index drops the
     * old version and its deletes reach the functions afterwards, and a small put is answered
     * before its copies are written, each within one invocation (README, "Proxy restarts"). A
     * SIGKILL inside that window brings back a removed or overwritten value, or loses a small put,
     * which this history sees as a stale read.
     */
    @Test
    @Disabled("a crash within the documented window (README, Proxy restarts) undoes an acknowledged remove,"
            + " overwrite or small put: not linearizable in some runs")
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a safety net for a hung worker, not a timing
    void historiesUnderNodeFaultsAndAProxyCrashAreLinearizable() throws Exception {
        checkHistory(Restart.CRASH);
    }

    private void checkHistory(Restart mode) throws Exception {
        boolean restart = mode != Restart.NONE;
        List<List<String>> arguments = new ArrayList<>();
        for (int w = 0; w < JVMS; w++) {
            arguments.add(List.of(
                    proxy.address(),
                    Integer.toString(w),
                    Integer.toString(THREADS),
                    Integer.toString(OPERATIONS_PER_THREAD),
                    Boolean.toString(restart)));
        }
        int returnedCalls = JVMS * THREADS * OPERATIONS_PER_THREAD;
        List<String> printed = new ArrayList<>();
        AtomicInteger faults = new AtomicInteger();
        InstanceControl control = lambda.control();
        ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor();
        long stoppedAt = Long.MAX_VALUE;
        long recoveredAt = Long.MAX_VALUE;
        String recovery = "no restart";
        String atStop = "";
        try (WorkerJvms workers = new WorkerJvms(HistoryWorker.class, "history", arguments)) {
            Random random = new Random(11);
            AtomicInteger tick = new AtomicInteger();
            if (restart) {
                // Warms the HTTP client and the endpoint, so the scrape just before the stop is quick.
                exposure(proxy);
            }
            workers.go();
            injector.scheduleWithFixedDelay(
                    () -> injectFault(control, random, tick, injector, faults), 200, 400, TimeUnit.MILLISECONDS);

            if (restart) {
                // Part way through the history: no instance frozen, so the stop is the proxy's alone.
                await().atMost(PATIENCE).until(() -> workers.printed() >= returnedCalls / 3);
                // On the injector's thread: a fault being placed now is placed before the instances are checked.
                injector.submit(() -> quiet.set(true)).get();
                await().atMost(PATIENCE).until(() -> {
                    control.instances().stream()
                            .filter(i -> i.state() == InstanceState.FROZEN)
                            .forEach(i -> control.resume(i.id()));
                    return control.instances().stream().noneMatch(i -> i.state() == InstanceState.FROZEN);
                });
                int clientPort = proxy.clientPort();
                // What the stop has to deliver (a crash would lose), for reading a failure.
                atStop = exposure(proxy);
                stoppedAt = System.nanoTime();
                if (mode == Restart.CRASH) {
                    proxy.kill();
                } else {
                    proxy.stop(PATIENCE);
                }
                proxy = startProxy(clientPort, 1);
                recoveredAt = System.nanoTime();
                recovery = recoveryLine(proxy);
                quiet.set(false);
            }

            workers.awaitDone().forEach(printed::addAll);
        } finally {
            injector.shutdownNow();
            injector.awaitTermination(10, TimeUnit.SECONDS);
            for (InstanceInfo instance : control.instances()) {
                control.resume(instance.id());
            }
        }

        Path history = RemoteTestSetup.log("history-operations.txt");
        List<String> written = new ArrayList<>(printed);
        // Where the stop falls among the calls' nanoTimes, for reading a failure's excerpt.
        if (restart) {
            written.add("# proxy " + (mode == Restart.CRASH ? "killed" : "stopped") + " at " + stoppedAt + " (" + atStop
                    + "), recovered at " + recoveredAt + " (" + recovery + ")");
        }
        Files.write(history, written, StandardCharsets.UTF_8);
        Map<String, List<Operation<CasRegister.Call, Object>>> byKey = new TreeMap<>();
        int returned = 0;
        int indeterminate = 0;
        int failedReads = 0;
        int returnedBeforeStop = 0;
        int returnedAfterRecovery = 0;
        for (String line : printed) {
            String[] f = line.split(" ");
            assertThat(f[0]).as(line).isEqualTo("op");
            int client = Integer.parseInt(f[1]);
            CasRegister.Call call = switch (f[3]) {
                case "get" -> new CasRegister.Get();
                case "put" -> new CasRegister.Put(f[5]);
                case "replace" -> new CasRegister.Replace(f[4], f[5]);
                default -> new CasRegister.Remove();
            };
            Object output = switch (f[3]) {
                case "get" -> f[6].equals("-") ? null : f[6];
                case "put" -> null;
                default -> Boolean.parseBoolean(f[6]);
            };
            long called = Long.parseLong(f[7]);
            Operation<CasRegister.Call, Object> op;
            if (f[8].equals("failed")) {
                if (call instanceof CasRegister.Get) {
                    // A read that failed changed nothing and told nothing.
                    failedReads++;
                    continue;
                }
                // A write that failed may have been applied before the proxy went down, or not.
                indeterminate++;
                op = Operation.failed(client, call, called);
            } else {
                long returnedNanos = Long.parseLong(f[8]);
                returned++;
                if (returnedNanos < stoppedAt) {
                    returnedBeforeStop++;
                }
                if (called > recoveredAt) {
                    returnedAfterRecovery++;
                }
                op = new Operation<>(client, call, output, called, returnedNanos);
            }
            byKey.computeIfAbsent(f[2], k -> new ArrayList<>()).add(op);
        }
        int checked = 0;
        for (Map.Entry<String, List<Operation<CasRegister.Call, Object>>> key : byKey.entrySet()) {
            LinearizabilityChecker.Result pruned = LinearizabilityChecker.check(
                    new CasRegister(), CasRegister.withoutUnseenFailures(key.getValue()), 20_000_000);
            LinearizabilityChecker.Result result = pruned.linearizable()
                    ? pruned
                    : LinearizabilityChecker.check(new CasRegister(), key.getValue(), 5_000_000);
            assertThat(result.verdict())
                    .as("key " + key.getKey() + ": " + pruned.explanation() + " / with every failed call: "
                            + result.explanation() + " (history in " + history + ")")
                    .isEqualTo(LinearizabilityChecker.Verdict.LINEARIZABLE);
            checked += key.getValue().size();
        }
        System.out.println("linearizability: " + checked + " operations checked on " + byKey.size() + " keys ("
                + indeterminate + " writes with unknown outcome; " + failedReads + " failed reads dropped) under "
                + faults.get() + " node faults"
                + (restart
                        ? " and a proxy restart (" + mode + "; at the stop " + atStop + "; " + recovery + "; "
                                + returnedBeforeStop
                                + " calls returned before the stop, " + returnedAfterRecovery
                                + " were made after recovery)"
                        : ""));
        if (restart) {
            // Each thread goes on past its number until it has called the restarted proxy.
            assertThat(returned).isGreaterThanOrEqualTo(returnedCalls);
        } else {
            assertThat(returned).isEqualTo(returnedCalls);
        }
        assertThat(checked).isEqualTo(returned + indeterminate);
        assertThat(byKey).as("keys of both tiers").containsOnlyKeys("h0", "h1", "s0", "s1");
        assertThat(faults.get()).as("node faults injected").isPositive();
        if (restart) {
            assertThat(returnedBeforeStop)
                    .as("calls that returned before the stop")
                    .isPositive();
            assertThat(returnedAfterRecovery).as("calls made after recovery").isPositive();
        }
    }

    /** Small values not yet written through and nodes by state, from the proxy's metrics scrape. */
    private String exposure(ProxyProcess proxy) {
        try {
            String metrics;
            try (var lines = Files.lines(proxy.log(), StandardCharsets.UTF_8)) {
                metrics = lines.map(METRICS::matcher)
                        .filter(Matcher::find)
                        .map(m -> m.group(1))
                        .findFirst()
                        .orElseThrow();
            }
            String scrape = http.send(
                            HttpRequest.newBuilder(URI.create(metrics).resolve("metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            StringBuilder found = new StringBuilder();
            Matcher m = EXPOSURE.matcher(scrape);
            while (m.find()) {
                found.append(found.isEmpty() ? "" : ", ")
                        .append(m.group(1))
                        .append(' ')
                        .append(m.group(2));
            }
            return found.toString();
        } catch (IOException | RuntimeException e) {
            return "metrics unavailable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The restarted proxy's log line that says what recovery found, or null before it ends. */
    private static String recoveryLine(ProxyProcess proxy) throws IOException {
        try (var lines = Files.lines(proxy.log(), StandardCharsets.UTF_8)) {
            return lines.map(RECOVERED::matcher)
                    .filter(Matcher::find)
                    .map(Matcher::group)
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * The 5th and 15th tick outside the restart reclaim an instance of two different functions
     * (each value then loses at most r = 2 shards, what the code tolerates even before repair);
     * every other tick freezes one for a while, then resumes it.
     */
    private void injectFault(
            InstanceControl control,
            Random random,
            AtomicInteger tick,
            ScheduledExecutorService injector,
            AtomicInteger faults) {
        if (quiet.get()) {
            return;
        }
        int t = tick.incrementAndGet();
        List<InstanceInfo> all = control.instances().stream()
                .filter(i -> i.state() != InstanceState.TERMINATED)
                .toList();
        if (all.isEmpty()) {
            return;
        }
        InstanceInfo picked = all.get(random.nextInt(all.size()));
        if (t == 5 || t == 15) {
            for (InstanceInfo instance : all) {
                if (!reclaimedFunctions.contains(instance.function())) {
                    picked = instance;
                    break;
                }
            }
            if (!reclaimedFunctions.contains(picked.function()) && control.reclaim(picked.id())) {
                reclaimedFunctions.add(picked.function());
                faults.incrementAndGet();
            }
        } else if (control.freeze(picked.id())) {
            faults.incrementAndGet();
            String id = picked.id();
            injector.schedule(() -> control.resume(id), 200, TimeUnit.MILLISECONDS);
        }
    }
}
