package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.keepalive.BackupRelay;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.BillingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Warm-up, delta-sync backup, fail-over and repair with process-mode instances: every function
 * instance is a child JVM running the official runtime interface client, so a backup's second
 * instance is a second process, the relay runs between two processes, and a reclaim kills a real
 * process. One pool of 6 at RS(4+2) for the class, as cold starts dominate, so the settings
 * serve all four tests: InfiniCache's 100 ms billing window, nodes return after 2 s idle and are
 * warmed after 1 s idle, repair on, backup and repair paced at 1 MiB/s (a backup lasts long enough
 * to write during it). Repair being on makes the backup tests stricter, not looser: an instance
 * that connects lacking a shard is counted ({@code shardsMissingOnConnect}) before anything is
 * rebuilt. Tests run in order on the instances the one before left; each compares counters with
 * their values when it began.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeepAliveProcessModeTest {

    private static final long WINDOW_MS = 100;
    private static KeepAliveStack stack;

    @BeforeAll
    static void start() {
        stack = KeepAliveStack.start(
                FunctionRuntime.LOCAL_PROCESS, new BillingWindow(WINDOW_MS, 2_000, 120_000), 1_000, true, 1L << 20);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            List<Long> pids =
                    stack.control().instances().stream().map(InstanceInfo::pid).toList();
            stack.close();
            assertThat(pids)
                    .as("child JVMs left after close()")
                    .noneMatch(pid ->
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    /** The node's live instances, each checked to be a child JVM of its own that is running. */
    private static List<InstanceInfo> processesOf(int node) {
        List<InstanceInfo> instances = stack.instancesOf(node);
        for (InstanceInfo i : instances) {
            assertThat(i.mode()).as("instance %s of node %d", i.id(), node).isEqualTo(InstanceMode.PROCESS);
            assertThat(ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive))
                    .as("child JVM %d of instance %s", i.pid(), i.id())
                    .contains(true);
        }
        assertThat(instances.stream().map(InstanceInfo::pid).distinct().count())
                .as("node %d: one process per instance", node)
                .isEqualTo(instances.size());
        return instances;
    }

    private static Set<String> warmedFunctions() {
        return stack.invocationsAfterEachInstancesFirst().stream()
                .map(BillingMeter.BilledInvocation::function)
                .collect(Collectors.toSet());
    }

    @Test
    @Order(1)
    void aWarmUpInvocationHappensAfterTheIdleIntervalAndReturnsInsideItsBillingWindow() {
        stack.write(stack.keySpace("warm"), "v", 1, 64 << 10, 1);
        KeepAliveStack.LossSignals before = stack.lossSignals();
        // One serve invocation per instance so far; every later invocation of an instance is a warm-up.
        stack.awaitAllIdle();
        // lambda-local bills an invocation before the proxy hears its answer: wait for both.
        await().atMost(stack.patience())
                .until(() -> warmedFunctions().size() == KeepAliveStack.POOL_SIZE
                        && stack.counters().warmups.get() >= KeepAliveStack.POOL_SIZE);

        List<BillingMeter.BilledInvocation> warmups = stack.invocationsAfterEachInstancesFirst();
        assertThat(warmups).hasSizeGreaterThanOrEqualTo(KeepAliveStack.POOL_SIZE);
        for (BillingMeter.BilledInvocation warmup : warmups) {
            assertThat(warmup.durationNanos())
                    .as("warm-up of %s on %s", warmup.function(), warmup.instanceId())
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(WINDOW_MS));
        }
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            assertThat(processesOf(n))
                    .as("node %d: the warm-ups kept its one instance", n)
                    .hasSize(1);
        }
        assertThat(stack.lossSignals()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void afterABackupReclaimingThePrimaryProcessLeavesEveryKeyReadableAndNoGetNeedsReconstruction() throws Exception {
        stack.write(stack.keySpace("backup"), "v", 8, 256 << 10, 10);
        KeepAliveStack.LossSignals before = stack.lossSignals();
        long backupsBefore = stack.counters().backups.get();
        int values = stack.proxy().stats().values();
        List<CompletableFuture<BackupRelay.Outcome>> backups = stack.startBackups();
        List<String> seconds = new ArrayList<>();
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            BackupRelay.Outcome outcome = backups.get(n).get(stack.patience().toSeconds(), TimeUnit.SECONDS);
            assertThat(outcome.secondInstanceId())
                    .as("node %d got a second instance", n)
                    .isNotNull();
            assertThat(outcome.copied())
                    .as("node %d: one shard of each value", n)
                    .isEqualTo(values);
            seconds.add(outcome.secondInstanceId());
        }
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            List<InstanceInfo> instances = processesOf(n);
            assertThat(instances)
                    .as("node %d: primary and backup, two processes", n)
                    .hasSize(2);
            stack.reclaim(n, instances.get(0));
        }
        stack.assertEveryKeyReadable();
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            assertThat(stack.proxy().nodeInstanceId(n))
                    .as("node %d now served by its backup", n)
                    .isEqualTo(seconds.get(n));
        }
        assertThat(stack.lossSignals())
                .as("no get rebuilt a shard, no instance came back lacking one")
                .isEqualTo(before);
        assertThat(stack.counters().backups.get() - backupsBefore).isEqualTo(KeepAliveStack.POOL_SIZE);
    }

    @Test
    @Order(3)
    void writesMadeDuringABackupSurviveTheLossOfEitherProcess() throws Exception {
        KeySpace space = stack.keySpace("during");
        KeepAliveStack.Written old = stack.write(space, "old", 16, 1 << 20, 100);
        KeepAliveStack.LossSignals before = stack.lossSignals();
        long copiedBefore = stack.counters().backupShardsCopied.get();
        List<CompletableFuture<BackupRelay.Outcome>> backups = stack.startBackups();
        stack.awaitSyncsUnderWay(copiedBefore);
        stack.write(space, "new", 6, 256 << 10, 200);
        old.remove(0);
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            assertThat(stack.proxy().keepAlive().backups().inProgress(n))
                    .as("node %d's backup was still running when the writes committed", n)
                    .isTrue();
        }
        List<String> seconds = new ArrayList<>();
        List<BackupRelay.Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<BackupRelay.Outcome> backup : backups) {
            BackupRelay.Outcome outcome = backup.get(stack.patience().toSeconds(), TimeUnit.SECONDS);
            assertThat(outcome.secondInstanceId()).isNotNull();
            seconds.add(outcome.secondInstanceId());
            outcomes.add(outcome);
        }
        // A sync that listed the second's shards before the writes needs a pass more to copy them.
        // Which syncs had begun when they committed is timing; that some had is what this test is for.
        assertThat(outcomes)
                .as("some sync ran a pass for the writes made during it")
                .anyMatch(o -> o.passes() > 2);
        // Lose the first instance of even nodes and the second of odd ones: every value keeps
        // exactly one instance per node, so any write a backup missed would be a degraded read.
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            List<InstanceInfo> instances = processesOf(n);
            assertThat(instances).as("node %d: two processes", n).hasSize(2);
            stack.reclaim(n, instances.get(n % 2));
        }
        stack.assertEveryKeyReadable();
        for (int n = 0; n < KeepAliveStack.POOL_SIZE; n++) {
            if (n % 2 == 0) {
                assertThat(stack.proxy().nodeInstanceId(n))
                        .as("node %d fails over to its backup", n)
                        .isEqualTo(seconds.get(n));
            } else {
                assertThat(stack.proxy().nodeInstanceId(n))
                        .as("node %d keeps its first instance", n)
                        .isNotEqualTo(seconds.get(n));
            }
        }
        assertThat(stack.lossSignals())
                .as("no get rebuilt a shard, no instance came back lacking one")
                .isEqualTo(before);
        // 15 MiB the next test's repair would otherwise rebuild at 1 MiB/s.
        old.removeAll();
    }

    @Test
    @Order(4)
    void afterAnInstanceComesBackEmptyEveryAffectedValueIsRebuiltAndSurvivesRFurtherLosses() {
        stack.write(stack.keySpace("repair"), "v", 10, 256 << 10, 300);
        KeepAliveCounters counters = stack.counters();
        // Every value has a shard on node 2.
        int affected = stack.proxy().stats().values();
        long missingBefore = counters.shardsMissingOnConnect.get();
        long shardsBefore = counters.shardsRepaired.get();
        long valuesBefore = counters.valuesRepaired.get();
        long bytesBefore = counters.bytesRepaired.get();
        stack.awaitAllIdle();
        List<InstanceInfo> lost = processesOf(2);
        assertThat(lost).hasSize(1);
        stack.reclaim(2, lost.get(0));

        // A warm-up lands on a new, empty process; the node serves from it, and its HELLO digest
        // makes repair list what it lacks, all at once: nothing pending then means all rebuilt.
        await().atMost(stack.patience())
                .until(() -> counters.valuesRepaired.get() - valuesBefore >= affected
                        && stack.proxy().keepAlive().repair().pending() == 0);
        assertThat(counters.shardsMissingOnConnect.get() - missingBefore).isGreaterThanOrEqualTo(affected);
        assertThat(counters.shardsRepaired.get() - shardsBefore).isGreaterThanOrEqualTo(affected);
        assertThat(counters.bytesRepaired.get() - bytesBefore).isPositive();
        assertThat(processesOf(2))
                .singleElement()
                .extracting(InstanceInfo::pid)
                .isNotEqualTo(lost.get(0).pid());

        // r = 2 further nodes lose their memory: the rebuilt shards of node 2 make up the k = 4.
        stack.reclaimAll(0);
        stack.reclaimAll(4);
        stack.assertEveryKeyReadable();
    }
}
