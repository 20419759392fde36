package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.NodeState;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.mayfly.proxy.testnode.MemoryNodeHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shards a node holds that the index will never read (left by an earlier proxy, or superseded
 * while their delete was lost) are deleted when the node connects, and nothing the index reads is.
 */
class OrphanShardsTest {

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
        space = store.keySpace("orphans", new CodingSettings(4, 2, 0, 1L << 30));
    }

    @AfterEach
    void stop() {
        store.close();
        proxy.close();
    }

    @Test
    void shardsTheIndexNeverReadsAreDeletedWhenTheirNodeConnects() {
        byte[] value = new byte[(1 << 20) + 5];
        new Random(6).nextBytes(value);
        byte[] key = "kept".getBytes(StandardCharsets.UTF_8);
        space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        String node = proxy.placementOf("orphans", key).get(0);
        MemoryNodeHandler instance = invoker.instance(node);
        int held = instance.shards().size();
        // A key the index lacks, at a version of an earlier epoch: no write in flight can own it.
        ShardKey orphan = new ShardKey("orphans", Bytes.copyOf("gone".getBytes(StandardCharsets.UTF_8)), 1, 0);
        instance.shards().put(orphan, new byte[4096]);

        proxy.dropNodeConnection(node);
        int n = proxy.nodeIndex(node);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.nodeState(n) != NodeState.SERVING);
        // The get invokes the node again; on connecting it lists what it holds.
        assertThat(space.get(key).value()).isEqualTo(value);

        await().atMost(Duration.ofSeconds(10)).until(() -> !instance.shards().containsKey(orphan));
        assertThat(proxy.orphansDeleted()).isEqualTo(1);
        assertThat(instance.shards()).hasSize(held);
        assertThat(space.get(key).value()).isEqualTo(value);
    }
}
