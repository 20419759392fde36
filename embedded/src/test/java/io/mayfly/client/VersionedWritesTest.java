package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.mayfly.proxy.testnode.MemoryNodeHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Versions: a write commits only when every shard is stored, and versions never mix. */
class VersionedWritesTest {

    private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
    private ProxyServer proxy;
    private DirectInvoker invoker;
    private ObjectStore store;
    private KeySpace space;

    @BeforeEach
    void start() {
        invoker = new DirectInvoker();
        proxy = ProxyServer.start(
                ProxySettings.DEFAULTS
                        .withCoding(4, 2, 1024)
                        .withPool(6, 256)
                        .withPorts(0, 0)
                        .withTimeouts(10_000, 20_000, new BillingWindow(1, 60_000, 120_000)),
                invoker);
        store = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 30_000, 2_000, 1 << 20);
        space = store.keySpace("versions", K4_R2);
    }

    @AfterEach
    void stop() {
        store.close();
        proxy.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Set<Long> storedVersions(String key) {
        Set<Long> versions = new HashSet<>();
        for (int n = 0; n < proxy.poolSize(); n++) {
            MemoryNodeHandler node = invoker.instance(proxy.nodeName(n));
            if (node != null) {
                for (ShardKey shard : node.shards().keySet()) {
                    if (Arrays.equals(shard.key().toByteArray(), key.getBytes())) {
                        versions.add(shard.version());
                    }
                }
            }
        }
        return versions;
    }

    @Test
    void leasedPutTooLargeForTheProxysSmallTierIsSentErasureCodedUnderTheSameLease() {
        // The client would send up to 64 KiB whole; this proxy takes 1 KiB whole and refuses more.
        KeySpace wholeUpTo64KiB = store.keySpace("whole-up-to-64KiB", new CodingSettings(4, 2, 64 << 10, 1L << 30));
        byte[] key = "leased-mid".getBytes();
        byte[] value = random(10 << 10, 7);
        long lease = wholeUpTo64KiB.acquireLease(key, 10_000, 1_000);

        long version = wholeUpTo64KiB.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES, lease);

        assertThat(version).isPositive();
        assertThat(wholeUpTo64KiB.get(key))
                .isNotNull()
                .satisfies(v -> assertThat(v.value()).isEqualTo(value));
        assertThat(storedVersions("leased-mid")).containsExactly(version);
    }

    @Test
    void readersSeeTheOldVersionUntilEveryShardIsStoredThenOldShardsAreDeleted() throws Exception {
        byte[] first = random(2 << 20, 1);
        byte[] second = random(2 << 20, 2);
        long v1 = space.put("k".getBytes(), first, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        MemoryNodeHandler slow =
                invoker.instance(proxy.placementOf("versions", "k".getBytes()).get(3));
        slow.holdAcks();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Long> v2 = writer.submit(
                    () -> space.put("k".getBytes(), second, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES));
            // If the slow node got a shard of the new version, it is stored there but not acknowledged.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> storedVersions("k").size() == 2);
            StoredValue during = space.get("k".getBytes());
            assertThat(during.version()).isEqualTo(v1);
            assertThat(during.value()).isEqualTo(first);
            slow.releaseAcks();
            long committed = v2.get();
            assertThat(committed).isGreaterThan(v1);
            assertThat(space.get("k".getBytes()).value()).isEqualTo(second);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> storedVersions("k").equals(Set.of(committed)));
        } finally {
            slow.releaseAcks();
            writer.shutdownNow();
        }
    }

    @Test
    void concurrentWritesOfOneKeyNeverMixTheirShards() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                List<byte[]> values = new ArrayList<>();
                CyclicBarrier barrier = new CyclicBarrier(4);
                List<CompletableFuture<Long>> puts = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    byte[] value = random((1 << 20) + t, round * 4L + t);
                    values.add(value);
                    puts.add(CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    barrier.await();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                return space.put("k".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                            },
                            writers));
                }
                for (CompletableFuture<Long> put : puts) {
                    assertThat(put.get()).isPositive();
                }
                StoredValue read = space.get("k".getBytes());
                assertThat(values).anySatisfy(v -> assertThat(read.value()).isEqualTo(v));
                long current = read.version();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> storedVersions("k").equals(Set.of(current)));
            }
        } finally {
            writers.shutdownNow();
        }
    }
}
