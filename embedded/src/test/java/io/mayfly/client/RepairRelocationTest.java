package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proactive repair: with more functions than shards, a value's lost shards are rebuilt
 * onto other nodes (ones holding none of its shards), not onto the function that lost them. A
 * pool of 8 at k=4, r=2; warm-ups after 500 ms idle make the emptied function connect and report.
 */
class RepairRelocationTest {

    private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);

    private ProxyStack stack;
    private ObjectStore store;

    @BeforeEach
    void start() {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(8, 256)
                .withPorts(0, 0)
                .withTimeouts(20_000, 10_000, new BillingWindow(100, 300, 60_000))
                .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-")
                .withKeepAlive(500, 0, true, ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND);
        stack = ProxyStack.start(settings, LocalFunctions.NodeCode.DEFAULT);
        store = ProxyObjectStore.remote(List.of(stack.server().clientAddress()), 30_000, 2_000, 1 << 20);
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private ProxyServer proxy() {
        return stack.server();
    }

    private KeepAliveCounters counters() {
        return proxy().keepAliveCounters();
    }

    private InstanceControl control() {
        return stack.functions().service().control();
    }

    private void awaitAllIdle() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int n = 0; n < proxy().poolSize(); n++) {
                if (proxy().nodeState(n) != NodeState.IDLE) {
                    return false;
                }
            }
            return true;
        });
    }

    private void reclaimAll(String function) {
        for (InstanceInfo instance : control().instances(function)) {
            control().reclaim(instance.id());
        }
    }

    @Test
    void lostShardsAreRebuiltOntoNodesHoldingNoShardOfTheValue() {
        KeySpace space = store.keySpace("relocate", K4_R2);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] value = new byte[128 << 10];
            new Random(700 + i).nextBytes(value);
            values.add(value);
            space.put(("v" + i).getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        }
        String emptied = proxy().nodeName(3);
        List<Integer> affected = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (proxy().placementOf("relocate", ("v" + i).getBytes()).contains(emptied)) {
                affected.add(i);
            }
        }
        assertThat(affected).as("values with a shard on %s", emptied).isNotEmpty();
        long usedBefore = proxy().stats().storedBytes();
        awaitAllIdle();

        reclaimAll(emptied);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> counters().valuesRepaired.get() >= affected.size()
                        && proxy().keepAlive().repair().pending() == 0);

        for (int i = 0; i < values.size(); i++) {
            List<String> nodes = proxy().placementOf("relocate", ("v" + i).getBytes());
            assertThat(nodes).as("v%d's placement", i).doesNotContain(emptied);
            assertThat(new HashSet<>(nodes))
                    .as("v%d keeps one shard per node", i)
                    .hasSize(6);
        }
        assertThat(proxy().stats().storedBytes()).as("room moved, not doubled").isEqualTo(usedBefore);

        // The moved shards count as survivors: r = 2 further functions lose their memory.
        Set<String> further = new HashSet<>(proxy().placementOf("relocate", ("v" + affected.get(0)).getBytes())
                .subList(0, 2));
        awaitAllIdle();
        further.forEach(this::reclaimAll);
        for (int i = 0; i < values.size(); i++) {
            StoredValue read = space.get(("v" + i).getBytes());
            assertThat(read).as("v%d", i).isNotNull();
            assertThat(read.value()).as("v%d", i).isEqualTo(values.get(i));
        }
        assertThat(counters().valuesLost.get()).isZero();
    }
}
