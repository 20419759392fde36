package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.keepalive.BackupRelay;
import io.mayfly.proxy.node.BillingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Delta-sync backup and fail-over through lambda-local (in-process instances: a busy function's
 * next invocation starts a second instance, as on Lambda) and the real lambda-node, in a
 * {@link KeepAliveStack}. Repair is off, so whatever a surviving instance lacks shows up as a
 * degraded read; nodes serve 20 s idle, so primaries are reclaimed while serving; backups are
 * paced at 1 MiB/s. One stack for the class, tests in order. {@link KeepAliveProcessModeTest}
 * runs the same with child JVMs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupFailoverTest {

    private static KeepAliveStack stack;

    @BeforeAll
    static void start() {
        stack = KeepAliveStack.start(
                FunctionRuntime.LOCAL_IN_PROCESS, new BillingWindow(1, 20_000, 60_000), 0, false, 1L << 20);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void afterABackupReclaimingThePrimaryLeavesEveryKeyReadableAndNoGetNeedsReconstruction() throws Exception {
        KeySpace space = stack.keySpace("backup");
        stack.write(space, "v", 8, 256 << 10, 10);
        List<String> seconds = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            BackupRelay.Outcome outcome =
                    stack.proxy().keepAlive().backups().backup(n).get(60, TimeUnit.SECONDS);
            assertThat(outcome.secondInstanceId())
                    .as("node %d got a second instance", n)
                    .isNotNull();
            assertThat(outcome.copied())
                    .as("node %d: one shard of each value", n)
                    .isEqualTo(8);
            seconds.add(outcome.secondInstanceId());
        }
        for (int n = 0; n < 6; n++) {
            List<InstanceInfo> instances = stack.instancesOf(n);
            assertThat(instances).as("node %d: primary and backup", n).hasSize(2);
            stack.reclaim(n, instances.get(0));
        }
        stack.assertEveryKeyReadable();
        for (int n = 0; n < 6; n++) {
            assertThat(stack.proxy().nodeInstanceId(n))
                    .as("node %d now served by its backup", n)
                    .isEqualTo(seconds.get(n));
        }
        assertThat(stack.lossSignals())
                .as("gets that found a shard missing")
                .isEqualTo(new KeepAliveStack.LossSignals(0, 0, 0, 0));
        assertThat(stack.counters().backups.get()).isEqualTo(6);
    }

    @Test
    @Order(2)
    void writesMadeDuringABackupSurviveTheLossOfEitherInstance() throws Exception {
        KeySpace space = stack.keySpace("during");
        KeepAliveStack.Written before = stack.write(space, "old", 16, 1 << 20, 100);
        long copiedBefore = stack.counters().backupShardsCopied.get();
        List<CompletableFuture<BackupRelay.Outcome>> backups = stack.startBackups();
        stack.awaitSyncsUnderWay(copiedBefore);
        stack.write(space, "new", 6, 256 << 10, 200);
        before.remove(0);
        for (int n = 0; n < 6; n++) {
            assertThat(stack.proxy().keepAlive().backups().inProgress(n))
                    .as("node %d's backup was still running when the writes committed", n)
                    .isTrue();
        }
        List<String> seconds = new ArrayList<>();
        List<BackupRelay.Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<BackupRelay.Outcome> backup : backups) {
            BackupRelay.Outcome outcome = backup.get(120, TimeUnit.SECONDS);
            assertThat(outcome.secondInstanceId()).isNotNull();
            seconds.add(outcome.secondInstanceId());
            outcomes.add(outcome);
        }
        // A sync that listed the second's shards before the writes needs a pass more to copy them.
        assertThat(outcomes)
                .as("some sync ran a pass for the writes made during it")
                .anyMatch(o -> o.passes() > 2);
        // Lose the first (serving) instance of even nodes and the second of odd ones: every value
        // keeps exactly one instance per node, so any write a backup missed would be a degraded read.
        for (int n = 0; n < 6; n++) {
            List<InstanceInfo> instances = stack.instancesOf(n);
            assertThat(instances).hasSize(2);
            stack.reclaim(n, instances.get(n % 2));
        }
        stack.assertEveryKeyReadable();
        for (int n = 0; n < 6; n++) {
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
        assertThat(stack.lossSignals()).isEqualTo(new KeepAliveStack.LossSignals(0, 0, 0, 0));
    }
}
