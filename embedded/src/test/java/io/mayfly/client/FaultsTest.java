package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.mayfly.proxy.testnode.MemoryNodeHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checksums, lost shards, racing conditional writes, first-d and eviction, with test nodes run on
 * threads by the proxy's invoker (their memory is reachable from here).
 */
class FaultsTest {

    private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);

    private ProxyServer proxy;
    private DirectInvoker invoker;
    private ObjectStore store;

    private void start(int poolSize, int memoryMb, int overheadMb) {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(poolSize, memoryMb, overheadMb)
                .withPorts(0, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000))
                // These tests damage shards on purpose and check what gets see: repair would race them.
                .withKeepAlive(0, 0, false, ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND);
        invoker = new DirectInvoker();
        proxy = ProxyServer.start(settings, invoker);
        store = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 20_000, 2_000, 1 << 20);
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<Map.Entry<ShardKey, byte[]>> shardsOf(String key, String node) {
        List<Map.Entry<ShardKey, byte[]>> found = new ArrayList<>();
        for (var e : invoker.instance(node).shards().entrySet()) {
            if (Arrays.equals(e.getKey().key().toByteArray(), key.getBytes())) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void aShardWithOneFlippedByteIsCaughtAndTreatedAsMissing() {
        start(6, 256, 64);
        KeySpace space = store.keySpace("flip", K4_R2);
        byte[] value = random((1 << 20) + 3, 7);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = proxy.placementOf("flip", "v".getBytes());

        // Flip one byte of data shard 0: the read must rebuild it from parity, not return it.
        shardsOf("v", nodes.get(0)).get(0).getValue()[5] ^= 0x01;
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);

        // Flip bytes in r more shards (r+1 damaged in all): a miss, never wrong bytes.
        shardsOf("v", nodes.get(1)).get(0).getValue()[0] ^= 0x10;
        shardsOf("v", nodes.get(4)).get(0).getValue()[9] ^= (byte) 0x80;
        assertThat(space.get("v".getBytes())).isNull();
    }

    @Test
    void anyROfTheShardsLostStillReadsAndRPlusOneLostIsAMiss() {
        start(6, 256, 64);
        KeySpace space = store.keySpace("lost", K4_R2);
        byte[] value = random(3 << 20, 11);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = proxy.placementOf("lost", "v".getBytes());
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                Map<ShardKey, byte[]> keptA = invoker.instance(nodes.get(a)).shards();
                Map<ShardKey, byte[]> keptB = invoker.instance(nodes.get(b)).shards();
                var shardA = shardsOf("v", nodes.get(a)).get(0);
                var shardB = shardsOf("v", nodes.get(b)).get(0);
                keptA.remove(shardA.getKey());
                keptB.remove(shardB.getKey());
                assertThat(space.get("v".getBytes()).value())
                        .as("shards %d and %d lost", a, b)
                        .isEqualTo(value);
                keptA.put(shardA.getKey(), shardA.getValue());
                keptB.put(shardB.getKey(), shardB.getValue());
            }
        }
        for (int i = 0; i < 3; i++) {
            var shard = shardsOf("v", nodes.get(i)).get(0);
            invoker.instance(nodes.get(i)).shards().remove(shard.getKey());
        }
        assertThat(space.get("v".getBytes())).isNull();
        assertThat(proxy.stats().values())
                .as("a value lost for good leaves the index")
                .isZero();
    }

    @Test
    void eightThreadsRacingConditionalPutsHaveExactlyOneWinnerEachRound() throws Exception {
        start(6, 256, 64);
        KeySpace space = store.keySpace("race", new CodingSettings(4, 2, 64, 1L << 30));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            long current = KeySpace.ABSENT;
            for (int round = 0; round < 20; round++) {
                CyclicBarrier barrier = new CyclicBarrier(8);
                long expected = current;
                List<Future<Long>> outcomes = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    byte[] value = random(round % 2 == 0 ? 16 : 4096, round * 8L + t);
                    outcomes.add(threads.submit(() -> {
                        barrier.await();
                        return space.put("counter".getBytes(), value, expected, KeySpace.NEVER_EXPIRES);
                    }));
                }
                List<Long> winners = new ArrayList<>();
                for (Future<Long> outcome : outcomes) {
                    if (outcome.get() != KeySpace.CONFLICT) {
                        winners.add(outcome.get());
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                current = winners.get(0);
                assertThat(space.head("counter".getBytes()).version()).isEqualTo(current);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void firstDReturnsWithoutWaitingForADelayedNode() {
        start(6, 256, 64);
        KeySpace space = store.keySpace("firstd", K4_R2);
        byte[] value = random(10 << 20, 3);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        MemoryNodeHandler slow =
                invoker.instance(proxy.placementOf("firstd", "v".getBytes()).get(0));
        slow.delayReplies(2_000);
        long before = slow.repliesSent();
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
        assertThat(slow.repliesSent())
                .as("the get completed while the slow node still held its shard")
                .isEqualTo(before);
        slow.delayReplies(0);
    }

    @Test
    void aNodeDyingMidTransferFailsOnlyItsShard() {
        start(6, 256, 64);
        KeySpace space = store.keySpace("dying", K4_R2);
        byte[] value = random(6 << 20, 13);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = proxy.placementOf("dying", "v".getBytes());
        invoker.instance(nodes.get(0)).dieMidTransfer();
        invoker.instance(nodes.get(2)).dieMidTransfer();
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
    }

    @Test
    void evictionKeepsStoredBytesWithinCapacityAndNeverLeavesPartOfAValue() {
        start(6, 136, 128); // 8 MiB of shards per node, 48 MiB in the pool
        KeySpace space = store.keySpace("evict", K4_R2);
        long capacity = proxy.stats().capacityBytes();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] value = random(4 << 20, 100 + i); // 6 MiB stored as 4+2 shards of 1 MiB
            values.add(value);
            space.put(("k" + i).getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            assertThat(proxy.stats().storedBytes()).isLessThanOrEqualTo(capacity);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodeBytes() == proxy.stats().storedBytes());
        assertThat(nodeBytes()).isLessThanOrEqualTo(capacity);
        int present = 0;
        for (int i = 0; i < values.size(); i++) {
            StoredValue read = space.get(("k" + i).getBytes());
            if (read != null) {
                present++;
                assertThat(read.value()).isEqualTo(values.get(i));
            }
        }
        assertThat(present).isBetween(1, 8);
        // Every shard on every node belongs to a value still present, and that value has all 6.
        Map<String, Integer> shardsPerValue = new java.util.HashMap<>();
        for (int n = 0; n < proxy.poolSize(); n++) {
            MemoryNodeHandler node = invoker.instance(proxy.nodeName(n));
            if (node != null) {
                for (ShardKey key : node.shards().keySet()) {
                    shardsPerValue.merge(new String(key.key().toByteArray()) + "@" + key.version(), 1, Integer::sum);
                }
            }
        }
        assertThat(shardsPerValue).hasSize(present);
        assertThat(shardsPerValue.values()).containsOnly(6);
    }

    private long nodeBytes() {
        long total = 0;
        for (int n = 0; n < proxy.poolSize(); n++) {
            MemoryNodeHandler node = invoker.instance(proxy.nodeName(n));
            total += node == null ? 0 : node.storedBytes();
        }
        return total;
    }

    @Test
    void aValueOverTheMaximumIsRejectedBeforeAnythingIsSent() {
        // No proxy listens here: had the client tried to send, it would fail with StoreUnavailable.
        try (ObjectStore nowhere =
                ProxyObjectStore.remote(List.of(new InetSocketAddress("127.0.0.1", 1)), 1_000, 500, 1 << 20)) {
            KeySpace space = nowhere.keySpace("limits", new CodingSettings(4, 2, 0, 1000));
            assertThatThrownBy(() ->
                            space.put("k".getBytes(), new byte[1001], KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessageContaining("1001 bytes exceeds max-value-size 1000");
            assertThatThrownBy(() -> space.get("k".getBytes())).isInstanceOf(StoreUnavailableException.class);
        }
    }
}
