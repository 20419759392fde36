package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.keepalive.BackupRelay;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Warm-up, delta-sync backup with fail-over, and proactive repair, through lambda-local (its
 * instances in-process: a busy function's next invocation starts a second instance, as on Lambda)
 * and the real lambda-node. A pool of 6 at k=4, r=2: every value has a shard on every node.
 */
class KeepAliveTest {

  private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
  private static final long RATE = ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND;

  private ProxyStack stack;
  private ObjectStore store;

  private void start(BillingWindow window, long warmupMs, boolean repair, long rate) {
    ProxySettings settings = ProxySettings.DEFAULTS.withCoding(4, 2, 1024).withPool(6, 256)
        .withPorts(0, 0).withTimeouts(20_000, 10_000, window)
        .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-")
        .withKeepAlive(warmupMs, 0, repair, rate);
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

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private List<byte[]> write(KeySpace space, String prefix, int count, int size, long seed) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] value = random(size, seed + i);
      values.add(value);
      space.put((prefix + i).getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
    }
    return values;
  }

  private void assertReadable(KeySpace space, String prefix, List<byte[]> values) {
    for (int i = 0; i < values.size(); i++) {
      StoredValue read = space.get((prefix + i).getBytes());
      assertThat(read).as("%s%d", prefix, i).isNotNull();
      assertThat(read.value()).as("%s%d", prefix, i).isEqualTo(values.get(i));
    }
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

  /** The function's instances, oldest first. */
  private List<InstanceInfo> instancesOf(int node) {
    List<InstanceInfo> list = new ArrayList<>(control().instances(proxy().nodeName(node)));
    list.sort(Comparator.comparing(InstanceInfo::startedAt));
    return list;
  }

  @Test
  void aWarmUpInvocationHappensAfterTheIdleIntervalAndReturnsInsideItsWindow() {
    // InfiniCache's 100 ms billing window; nodes return after 300 ms idle, warm-ups after 1 s.
    start(new BillingWindow(100, 300, 60_000), 1_000, true, RATE);
    KeySpace space = store.keySpace("warm", K4_R2);
    write(space, "v", 1, 64 << 10, 1);
    BillingMeter billing = stack.functions().service().billing();
    // One serve invocation per node so far; everything billed after it is a warm-up.
    await().atMost(Duration.ofSeconds(30)).until(() -> billing.recentInvocations().size() == 6);
    awaitAllIdle();

    await().atMost(Duration.ofSeconds(30)).until(() -> counters().warmups.get() >= 6);
    List<BillingMeter.BilledInvocation> warmups =
        billing.recentInvocations().subList(6, billing.recentInvocations().size());
    assertThat(warmups).hasSizeGreaterThanOrEqualTo(6);
    for (BillingMeter.BilledInvocation warmup : warmups) {
      assertThat(warmup.durationNanos()).as("warm-up of %s", warmup.function())
          .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
    }
    assertThat(counters().degradedReads.get()).isZero();
    assertThat(counters().shardsMissingOnConnect.get()).isZero();
  }

  @Test
  void afterABackupReclaimingThePrimaryLeavesEveryKeyReadableAndNoGetNeedsReconstruction()
      throws Exception {
    // Repair off: whatever the second instance lacks would show up as degraded reads.
    start(new BillingWindow(1, 2_000, 60_000), 0, false, RATE);
    KeySpace space = store.keySpace("backup", K4_R2);
    List<byte[]> values = write(space, "v", 8, 256 << 10, 10);
    for (int n = 0; n < 6; n++) {
      BackupRelay.Outcome outcome = proxy().keepAlive().backups().backup(n).get(60, TimeUnit.SECONDS);
      assertThat(outcome.secondInstanceId()).as("node %d got a second instance", n).isNotNull();
      assertThat(outcome.copied()).as("node %d: one shard of each value", n).isEqualTo(8);
    }
    for (int n = 0; n < 6; n++) {
      List<InstanceInfo> instances = instancesOf(n);
      assertThat(instances).as("node %d: primary and backup", n).hasSize(2);
      assertThat(control().reclaim(instances.get(0).id())).isTrue();
    }
    assertReadable(space, "v", values);
    assertThat(counters().degradedReads.get()).as("gets that found a shard missing").isZero();
    assertThat(counters().shardsFoundLost.get()).isZero();
    assertThat(counters().backups.get()).isEqualTo(6);
  }

  @Test
  void writesMadeDuringABackupSurviveTheLossOfEitherInstance() throws Exception {
    // Backups paced at 1 MiB/s over 4 MiB per node: they are still copying while the writes land.
    start(new BillingWindow(1, 20_000, 60_000), 0, false, 1L << 20);
    KeySpace space = store.keySpace("during", K4_R2);
    List<byte[]> before = write(space, "old", 16, 1 << 20, 100);
    List<CompletableFuture<BackupRelay.Outcome>> backups = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      backups.add(proxy().keepAlive().backups().backup(n));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> counters().backupShardsCopied.get() > 0);
    List<byte[]> during = write(space, "new", 6, 256 << 10, 200);
    space.remove("old0".getBytes(), KeySpace.ANY_VERSION);
    for (int n = 0; n < 6; n++) {
      assertThat(proxy().keepAlive().backups().inProgress(n))
          .as("node %d's backup was still running when the writes committed", n).isTrue();
    }
    for (CompletableFuture<BackupRelay.Outcome> backup : backups) {
      assertThat(backup.get(120, TimeUnit.SECONDS).secondInstanceId()).isNotNull();
    }
    // Lose the first instance of even nodes and the second of odd ones: every value keeps
    // exactly one instance per node, so any write a backup missed would be a degraded read.
    for (int n = 0; n < 6; n++) {
      List<InstanceInfo> instances = instancesOf(n);
      assertThat(instances).hasSize(2);
      assertThat(control().reclaim(instances.get(n % 2).id())).isTrue();
    }
    assertReadable(space, "new", during);
    assertThat(space.get("old0".getBytes())).isNull();
    for (int i = 1; i < before.size(); i++) {
      assertThat(space.get(("old" + i).getBytes()).value()).isEqualTo(before.get(i));
    }
    assertThat(counters().degradedReads.get()).isZero();
  }

  @Test
  void afterAnInstanceComesBackEmptyEveryAffectedValueIsRebuiltAndSurvivesRMoreLosses() {
    // Warm-ups find the new instance; its HELLO digest tells repair what it lost.
    start(new BillingWindow(1, 300, 60_000), 500, true, RATE);
    KeySpace space = store.keySpace("repair", K4_R2);
    List<byte[]> values = write(space, "v", 10, 256 << 10, 300);
    awaitAllIdle();
    List<InstanceInfo> lost = instancesOf(2);
    assertThat(lost).hasSize(1);
    assertThat(control().reclaim(lost.get(0).id())).isTrue();

    await().atMost(Duration.ofSeconds(60)).until(() -> counters().valuesRepaired.get() >= 10);
    assertThat(counters().shardsMissingOnConnect.get()).isGreaterThanOrEqualTo(10);
    assertThat(counters().shardsRepaired.get()).isGreaterThanOrEqualTo(10);
    assertThat(counters().bytesRepaired.get()).isPositive();

    // r = 2 further nodes lose their memory: the rebuilt shards of node 2 make up the k = 4.
    awaitAllIdle();
    for (int n : new int[] {0, 4}) {
      for (InstanceInfo instance : instancesOf(n)) {
        control().reclaim(instance.id());
      }
    }
    assertReadable(space, "v", values);
  }
}
