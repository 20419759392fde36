package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyStoreFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Puts and gets spaced around the nodes' idle-return time, so requests keep meeting nodes as they
 * say BYE: none may fail or read stale bytes (a request that crossed a BYE is served, or resent
 * to the node invoked again), and the nodes must really have returned and come back many times.
 */
class ReturnRaceFloodTest {

    private static final int THREADS = 2;
    private static final int OPS_PER_THREAD = 70;

    @ParameterizedTest(name = "idle return {0} ms")
    @ValueSource(longs = {0, 10, 50})
    void nothingIsLostWhileNodesComeAndGo(long idleReturnMs) throws Exception {
        ObjectStore store = new ProxyStoreFactory()
                .open(Map.of(
                        "mayfly.embedded.pool-size", "6",
                        "mayfly.embedded.idle-return-ms", Long.toString(idleReturnMs),
                        // The race is at the return: no burst may keep the nodes serving.
                        "mayfly.embedded.burst-linger-ms", "0",
                        "mayfly.data-shards", "4",
                        "mayfly.parity-shards", "2",
                        "mayfly.operation-timeout-ms", "60000"));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            KeySpace space = store.keySpace("flood", new CodingSettings(4, 2, 1024, 1L << 30));
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                runs.add(CompletableFuture.runAsync(() -> run(space, thread, idleReturnMs), threads));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            long serves = EmbeddedStores.proxyOf(store)
                    .functions()
                    .service()
                    .billing()
                    .byLabel()
                    .get("serve")
                    .requests();
            assertThat(serves)
                    .as("nodes returned and were invoked again throughout (6 nodes)")
                    .isGreaterThan(6 * 8);
        } finally {
            threads.shutdownNow();
            store.close();
        }
    }

    /** One thread's own keys: every put must commit and every get return the bytes last put. */
    private static void run(KeySpace space, int thread, long idleReturnMs) {
        Random random = new Random(thread * 7919L + idleReturnMs);
        byte[][] last = new byte[3][];
        for (int op = 0; op < OPS_PER_THREAD; op++) {
            int k = random.nextInt(last.length);
            byte[] key = ("t" + thread + "-k" + k).getBytes();
            if (last[k] == null || random.nextInt(3) == 0) {
                byte[] value = new byte[2048 + random.nextInt(64 << 10)];
                random.nextBytes(value);
                space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                last[k] = value;
            } else {
                var read = space.get(key);
                assertThat(read)
                        .as("thread %d op %d: %s", thread, op, Arrays.toString(key))
                        .isNotNull();
                assertThat(read.value()).isEqualTo(last[k]);
            }
            // Pauses from the idle-return time to twice it (the workload, not a synchronisation): the
            // other thread's requests fall on both sides of it, so requests meet nodes as they leave.
            long pauseMicros = idleReturnMs * 1000 + random.nextInt((int) (idleReturnMs + 4) * 1000);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pauseMicros));
        }
    }
}
