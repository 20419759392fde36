package io.mayfly.tck.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.testing.history.CasRegister;
import io.mayfly.testing.history.LinearizabilityChecker;
import io.mayfly.testing.history.Operation;
import io.mayfly.testing.proxy.ProxyProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three JVMs with four threads each call get, put, replace and remove on two keys of one cache on
 * one remote proxy, every value erasure-coded onto the functions, while lambda-local's control API
 * freezes instances (a node that stalls mid-transfer, then resumes) and reclaims two (a node that
 * dies, taking its shards). The recorded history, checked per key against a compare-and-set
 * register, must be linearizable: no read of a value already overwritten, no miss of a value
 * held, no compare-and-set that two callers both won.
 */
class LinearizableHistoryTest {

    private static final int JVMS = 3;
    private static final int THREADS = 4;
    private static final int OPERATIONS_PER_THREAD = 20;
    private static final Pattern INSTANCE = Pattern.compile("\"id\"\\s*:\\s*\"?([^\",}]+)\"?");
    private static final Pattern FUNCTION = Pattern.compile("\"function\"\\s*:\\s*\"([^\"]+)\"");

    private final java.util.Set<String> reclaimedFunctions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ProxyProcess proxy;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startProxy() {
        // RS(4+2) on 8 functions: a reclaimed node loses one shard of a value, and repair has
        // nodes that hold none of the value's shards to rebuild it on.
        proxy = ProxyProcess.start(
                RemoteTestSetup.proxyJar(),
                RemoteTestSetup.nodeJar(),
                0,
                RemoteTestSetup.log("history-proxy.log"),
                List.of("--pool-size", "8", "-k", "4", "-r", "2"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a safety net for a hung worker, not a timing
    void historiesUnderNodeFaultsAreLinearizable() throws Exception {
        List<List<String>> arguments = new ArrayList<>();
        for (int w = 0; w < JVMS; w++) {
            arguments.add(List.of(
                    proxy.address(),
                    Integer.toString(w),
                    Integer.toString(THREADS),
                    Integer.toString(OPERATIONS_PER_THREAD)));
        }
        List<String> printed = new ArrayList<>();
        AtomicInteger faults = new AtomicInteger();
        ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor();
        try (WorkerJvms workers = new WorkerJvms(HistoryWorker.class, "history", arguments)) {
            Random random = new Random(11);
            AtomicInteger tick = new AtomicInteger();
            workers.go();
            injector.scheduleWithFixedDelay(
                    () -> injectFault(random, tick.incrementAndGet(), injector, faults),
                    200,
                    400,
                    TimeUnit.MILLISECONDS);
            workers.awaitDone().forEach(printed::addAll);
        } finally {
            injector.shutdownNow();
            injector.awaitTermination(10, TimeUnit.SECONDS);
            for (String id : instances()) {
                control(id, "resume");
            }
        }

        Path history = RemoteTestSetup.log("history-operations.txt");
        Files.write(history, printed, StandardCharsets.UTF_8);
        Map<String, List<Operation<CasRegister.Call, Object>>> byKey = new HashMap<>();
        int failed = 0;
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
                failed++;
                op = Operation.failed(client, call, called);
            } else {
                op = new Operation<>(client, call, output, called, Long.parseLong(f[8]));
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
        System.out.println("linearizability: " + checked + " operations checked (" + failed
                + " with unknown outcome) under " + faults.get() + " node faults");
        assertThat(checked).isEqualTo(JVMS * THREADS * OPERATIONS_PER_THREAD);
        assertThat(faults.get()).as("faults injected").isPositive();
    }

    /**
     * Ticks 5 and 15 reclaim an instance of two different functions (each value then loses at most
     * r = 2 shards, what the code tolerates even before repair); every other tick freezes one for a
     * while, then resumes it.
     */
    private void injectFault(Random random, int tick, ScheduledExecutorService injector, AtomicInteger faults) {
        try {
            List<String[]> all = instanceFunctions();
            if (all.isEmpty()) {
                return;
            }
            String[] picked = all.get(random.nextInt(all.size()));
            if (tick == 5 || tick == 15) {
                for (String[] instance : all) {
                    if (!reclaimedFunctions.contains(instance[1])) {
                        picked = instance;
                        break;
                    }
                }
                if (!reclaimedFunctions.contains(picked[1]) && control(picked[0], "reclaim")) {
                    reclaimedFunctions.add(picked[1]);
                    faults.incrementAndGet();
                }
            } else if (control(picked[0], "freeze")) {
                faults.incrementAndGet();
                String id = picked[0];
                injector.schedule(() -> control(id, "resume"), 200, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            // A fault that could not be placed (the instance just went away) is simply skipped.
        }
    }

    /** Instance id and function name of every instance. */
    private List<String[]> instanceFunctions() {
        List<String[]> found = new ArrayList<>();
        Matcher object = Pattern.compile("\\{[^}]*\\}")
                .matcher(send(HttpRequest.newBuilder(api("instances")).GET()).body());
        while (object.find()) {
            Matcher id = INSTANCE.matcher(object.group());
            Matcher function = FUNCTION.matcher(object.group());
            if (id.find() && function.find()) {
                found.add(new String[] {id.group(1), function.group(1)});
            }
        }
        return found;
    }

    private List<String> instances() {
        List<String> ids = new ArrayList<>();
        Matcher m = INSTANCE.matcher(
                send(HttpRequest.newBuilder(api("instances")).GET()).body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private boolean control(String id, String action) {
        return send(HttpRequest.newBuilder(api("instances/" + id + "/" + action))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode()
                == 204;
    }

    private URI api(String path) {
        return proxy.lambdaLocal().resolve("/mayfly-local/" + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
