package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * (P) The faithful mode: every function instance is a child JVM running the official runtime
 * interface client; the proxy invokes them through the real SDK over HTTP. One pool of 6 (k=4,
 * r=2) for the whole class: each cold start costs ~0.5 s and 64 MB here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessModeTest {

    private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
    static ProxyStack stack;
    static ObjectStore store;
    static KeySpace space;

    @BeforeAll
    static void start() {
        // Nodes return after 3 s idle, so later reads invoke the same (warm) instances again.
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256)
                .withPorts(0, 0)
                .withTimeouts(60_000, 20_000, new BillingWindow(1, 3_000, 120_000))
                .withRuntime(FunctionRuntime.LOCAL_PROCESS, "us-east-1", "mayfly-node-");
        stack = ProxyStack.start(
                settings, new LocalFunctions.NodeCode(LocalFunctions.DEFAULT_NODE_HANDLER, lambdaNodeJar()));
        store = ProxyObjectStore.remote(List.of(stack.server().clientAddress()), 120_000, 2_000, 1 << 20);
        space = store.keySpace("process", K4_R2);
    }

    /** lambda-node's deployable jar when the build made it (as on AWS), else this class path. */
    static List<Path> lambdaNodeJar() {
        Path jar = Path.of("..", "lambda-node", "target", "mayfly-lambda-node.jar");
        return Files.exists(jar) ? List.of(jar.toAbsolutePath().normalize()) : List.of();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InstanceControl control() {
        return stack.functions().service().control();
    }

    private static InstanceInfo liveInstance(String function) {
        return control().instances(function).stream()
                .filter(i -> i.state() != InstanceState.TERMINATED)
                .findFirst()
                .orElseThrow();
    }

    /**
     * Kills the instance serving {@code function} and waits until the proxy has seen it go: a kill
     * is asynchronous, and a dying instance may still answer a request sent in the meantime.
     */
    private static void reclaim(String function) {
        String instance = liveInstance(function).id();
        assertThat(control().reclaim(instance)).isTrue();
        int node = Integer.parseInt(function.substring(function.lastIndexOf('-') + 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack.server().nodeState(node) != NodeState.SERVING
                        && control().instances(function).stream()
                                .noneMatch(i -> i.id().equals(instance) && i.state() != InstanceState.TERMINATED));
    }

    @Test
    @Order(1)
    void roundTripsAreByteIdentical() {
        for (int size : new int[] {0, 1, (1 << 20) + 3, 64 << 20}) {
            byte[] key = ("size-" + size).getBytes();
            byte[] value = random(size, size);
            long version = space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            StoredValue read = space.get(key);
            assertThat(read.version()).isEqualTo(version);
            assertThat(read.value()).as("%d bytes", size).isEqualTo(value);
        }
    }

    @Test
    @Order(2)
    void shardsSurviveBetweenInvocationsOfTheSameInstance() {
        byte[] value = random(2 << 20, 42);
        space.put("warm".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> instances = new ArrayList<>();
        for (int n = 0; n < stack.server().poolSize(); n++) {
            instances.add(stack.server().nodeInstanceId(n));
        }
        // Every node returns once idle: its invocation ends, its instance stays warm.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int n = 0; n < stack.server().poolSize(); n++) {
                if (stack.server().nodeState(n) == NodeState.SERVING) {
                    return false;
                }
            }
            return true;
        });
        assertThat(space.get("warm".getBytes()).value()).isEqualTo(value);
        for (int n = 0; n < stack.server().poolSize(); n++) {
            assertThat(stack.server().nodeInstanceId(n))
                    .as("node %d was invoked again on the same instance", n)
                    .isEqualTo(instances.get(n));
        }
    }

    @Test
    @Order(3)
    void aGetSurvivesAnyROfItsNodesReclaimed() {
        // Two data shards, then a data and a parity shard; every pair is covered in FaultsTest.
        int[][] lost = {{0, 1}, {1, 4}};
        for (int[] pair : lost) {
            byte[] key = ("reclaim-" + pair[0] + pair[1]).getBytes();
            byte[] value = random((1 << 20) + 3, pair[0] * 10L + pair[1]);
            space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            List<String> nodes = stack.server().placementOf("process", key);
            for (int shard : pair) {
                reclaim(nodes.get(shard));
            }
            assertThat(space.get(key).value())
                    .as("shards %d and %d reclaimed", pair[0], pair[1])
                    .isEqualTo(value);
        }
    }

    @Test
    @Order(4)
    void aReclaimedInstanceComesBackEmptySoRPlusOneReclaimedIsAMiss() {
        byte[] key = "gone".getBytes();
        space.put(key, random(1 << 20, 77), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        List<String> nodes = stack.server().placementOf("process", key);
        for (int shard = 0; shard < 3; shard++) {
            reclaim(nodes.get(shard));
        }
        assertThat(space.get(key)).isNull();
    }
}
