package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.node.BillingWindow;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Through the real AWS SDK and lambda-local's Invoke API, with in-process instances. */
class LambdaLocalInProcessTest {

    static ProxyStack stack;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256)
                .withPorts(0, 0)
                .withTimeouts(20_000, 10_000, new BillingWindow(1, 60_000, 120_000))
                .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-");
        // lambda-node's handler, loaded by each in-process instance from this class path.
        stack = ProxyStack.start(settings, LocalFunctions.NodeCode.DEFAULT);
        store = ProxyObjectStore.remote(List.of(stack.server().clientAddress()), 30_000, 2_000, 1 << 20);
    }

    @AfterAll
    static void stop() {
        store.close();
        stack.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InstanceInfo instanceOf(String function) {
        return stack.functions().service().control().instances(function).get(0);
    }

    @Test
    void firstDReturnsWhileOneNodeIsFrozen() {
        KeySpace space = store.keySpace("frozen", new CodingSettings(4, 2, 0, 1L << 30));
        byte[] value = random(10 << 20, 5);
        space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        String slowNode = stack.server().placementOf("frozen", "v".getBytes()).get(1);
        InstanceInfo slow = instanceOf(slowNode);
        var control = stack.functions().service().control();
        assertThat(control.freeze(slow.id())).isTrue();
        try {
            assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
            assertThat(instanceOf(slowNode).state())
                    .as("the get completed while the node holding shard 1 was still frozen")
                    .isEqualTo(InstanceState.FROZEN);
        } finally {
            control.resume(slow.id());
        }
    }

    @Test
    void roundTripThroughTheSdk() {
        KeySpace space = store.keySpace("sdk", new CodingSettings(4, 2, 0, 1L << 30));
        byte[] value = random((1 << 20) + 3, 9);
        long v = space.put("v".getBytes(), value, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
        assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
        assertThat(space.remove("v".getBytes(), v)).isTrue();
    }
}
