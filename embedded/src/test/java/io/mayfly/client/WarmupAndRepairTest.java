package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.BillingWindow;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Warm-up and proactive repair through lambda-local (in-process instances) and the real
 * lambda-node, in a {@link KeepAliveStack}. InfiniCache's 100 ms billing window; nodes return
 * after 300 ms idle and are warmed after 500 ms idle; a warm-up that lands on a new instance
 * makes the node serve, and its HELLO digest tells repair what it lost. One stack for the class
 * (cold starts dominate): the warm-up test runs first. {@link KeepAliveProcessModeTest} runs the
 * same with child JVMs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmupAndRepairTest {

    private static KeepAliveStack stack;

    @BeforeAll
    static void start() {
        stack = KeepAliveStack.start(
                FunctionRuntime.LOCAL_IN_PROCESS,
                new BillingWindow(100, 300, 60_000),
                500,
                true,
                ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aWarmUpInvocationHappensAfterTheIdleIntervalAndReturnsInsideItsWindow() {
        KeySpace space = stack.keySpace("warm");
        stack.write(space, "v", 1, 64 << 10, 1);
        // One serve invocation per node so far; every later invocation of an instance is a warm-up.
        stack.awaitAllIdle();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        stack.counters().warmups.get() >= 6 && warmedFunctions().size() == 6);
        List<BillingMeter.BilledInvocation> warmups = stack.invocationsAfterEachInstancesFirst();
        assertThat(warmups).hasSizeGreaterThanOrEqualTo(6);
        for (BillingMeter.BilledInvocation warmup : warmups) {
            assertThat(warmup.label())
                    .as("the bill names what %s's invocation was for", warmup.function())
                    .isEqualTo("warmup");
            assertThat(warmup.durationNanos())
                    .as("warm-up of %s", warmup.function())
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertThat(stack.counters().degradedReads.get()).isZero();
        assertThat(stack.counters().shardsMissingOnConnect.get()).isZero();
    }

    private static Set<String> warmedFunctions() {
        return stack.invocationsAfterEachInstancesFirst().stream()
                .map(BillingMeter.BilledInvocation::function)
                .collect(Collectors.toSet());
    }

    @Test
    @Order(2)
    void afterAnInstanceComesBackEmptyEveryAffectedValueIsRebuiltAndSurvivesRMoreLosses() {
        KeySpace space = stack.keySpace("repair");
        stack.write(space, "v", 10, 256 << 10, 300);
        KeepAliveCounters counters = stack.counters();
        // Every value has a shard on node 2.
        int affected = stack.proxy().stats().values();
        assertThat(affected).isGreaterThanOrEqualTo(10);
        long repairedBefore = counters.valuesRepaired.get();
        stack.awaitAllIdle();
        List<InstanceInfo> lost = stack.instancesOf(2);
        assertThat(lost).hasSize(1);
        stack.reclaim(2, lost.get(0));

        // One inventory listing queues every lost shard at once: no repair pending means all done.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> counters.valuesRepaired.get() - repairedBefore >= affected
                        && stack.proxy().keepAlive().repair().pending() == 0);
        assertThat(counters.shardsMissingOnConnect.get()).isGreaterThanOrEqualTo(affected);
        assertThat(counters.shardsRepaired.get()).isGreaterThanOrEqualTo(affected);
        assertThat(counters.bytesRepaired.get()).isPositive();

        // r = 2 further nodes lose their memory: the rebuilt shards of node 2 make up the k = 4.
        stack.awaitAllIdle();
        stack.reclaimAll(0);
        stack.reclaimAll(4);
        stack.assertEveryKeyReadable();
    }
}
