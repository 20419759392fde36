package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.mayfly.proxy.testnode.MemoryNodeHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read repair, with test nodes whose memory the test can damage. */
class ReadRepairTest {

    private ProxyServer proxy;
    private DirectInvoker invoker;
    private ObjectStore store;
    private KeySpace space;

    @BeforeEach
    void start() {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256, 64)
                .withPorts(0, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000))
                .withKeepAlive(0, 0, true, ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND);
        invoker = new DirectInvoker();
        proxy = ProxyServer.start(settings, invoker);
        store = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 20_000, 2_000, 1 << 20);
        space = store.keySpace("repair", new CodingSettings(4, 2, 0, 1L << 30));
    }

    @AfterEach
    void stop() {
        store.close();
        proxy.close();
    }

    private Map.Entry<ShardKey, byte[]> shardOf(String key, String node) {
        for (var e : invoker.instance(node).shards().entrySet()) {
            if (Arrays.equals(e.getKey().key().toByteArray(), key.getBytes())) {
                return e;
            }
        }
        return null;
    }

    @Test
    void readRepairLeavesNoMissingShardBehind() {
        byte[] value = new byte[(1 << 20) + 5];
        new Random(3).nextBytes(value);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = proxy.placementOf("repair", "v".getBytes());
        KeepAliveCounters counters = proxy.keepAliveCounters();

        // Data shard 0 gone, parity shard 5 corrupted: f = 2 = r.
        ShardKey gone = shardOf("v", nodes.get(0)).getKey();
        byte[] original = shardOf("v", nodes.get(0)).getValue().clone();
        invoker.instance(nodes.get(0)).shards().remove(gone);
        byte[] parity = shardOf("v", nodes.get(5)).getValue();
        byte[] originalParity = parity.clone();
        parity[7] ^= 0x40;
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> counters.valuesRepaired.get() >= 1
                        && proxy.keepAlive().repair().pending() == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> counters.shardsRepaired.get() >= 2);
        assertThat(invoker.instance(nodes.get(0)).shards().get(gone)).isEqualTo(original);
        assertThat(shardOf("v", nodes.get(5)).getValue()).isEqualTo(originalParity);
        for (int shard = 0; shard < 6; shard++) {
            assertThat(shardOf("v", nodes.get(shard))).as("shard %d", shard).isNotNull();
        }
        long degraded = counters.degradedReads.get();
        long lost = counters.shardsFoundLost.get();
        for (int i = 0; i < 5; i++) {
            assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
        }
        assertThat(counters.degradedReads.get()).as("gets after the repair").isEqualTo(degraded);
        assertThat(counters.shardsFoundLost.get()).isEqualTo(lost);
    }

    @Test
    void survivorsThatDoNotAnswerPostponeARepairAndNeverDropTheValue() {
        byte[] value = new byte[(1 << 20) + 5];
        new Random(5).nextBytes(value);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = proxy.placementOf("repair", "v".getBytes());
        KeepAliveCounters counters = proxy.keepAliveCounters();
        ShardKey gone = shardOf("v", nodes.get(0)).getKey();
        invoker.instance(nodes.get(0)).shards().remove(gone);
        // The get reads every shard once and finds shard 0 gone; repair then reads shards 1 to 4,
        // and the nodes of 1 and 2 drop their connections instead of answering: only 3 of the 4
        // survivors it needs arrive, though 5 exist.
        invoker.instance(nodes.get(1)).dropConnectionAfterReads(1);
        invoker.instance(nodes.get(2)).dropConnectionAfterReads(1);

        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> counters.valuesRepaired.get() >= 1
                        && proxy.keepAlive().repair().pending() == 0);
        assertThat(counters.valuesLost.get()).isZero();
        assertThat(invoker.instance(nodes.get(0)).shards()).containsKey(gone);
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
    }

    @Test
    void aDroppedConnectionFailsOnlyItsShardAndTheGetRetriesWithReInvocation() {
        byte[] value = new byte[(1 << 20) + 5];
        new Random(4).nextBytes(value);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = proxy.placementOf("repair", "v".getBytes());
        KeepAliveCounters counters = proxy.keepAliveCounters();
        MemoryNodeHandler dropping = invoker.instance(nodes.get(0));
        dropping.dropConnectionAtNextRead();
        // Two slow nodes: first-d cannot complete before the dropped shard is asked for again.
        invoker.instance(nodes.get(1)).delayReplies(2_000);
        invoker.instance(nodes.get(2)).delayReplies(2_000);

        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
        invoker.instance(nodes.get(1)).delayReplies(0);
        invoker.instance(nodes.get(2)).delayReplies(0);
        // Asked again on a new invocation of the same (warm) instance: nothing lost, nothing repaired.
        assertThat(counters.getRetries.get()).isGreaterThanOrEqualTo(1);
        assertThat(invoker.instance(nodes.get(0))).isSameAs(dropping);
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
        assertThat(counters.shardsFoundLost.get()).isZero();
    }
}
