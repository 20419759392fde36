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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Delta-sync backup and fail-over through lambda-local (in-process instances: a busy function's
 * next invocation starts a second instance, as on Lambda) and the real lambda-node: a pool of 6
 * at k=4, r=2, so every value has a shard on every node. Repair is off, so whatever a surviving
 * instance lacks shows up as a degraded read; nodes serve 20 s idle, so primaries are reclaimed
 * while serving; backups are paced at 1 MiB/s. One stack for the class, tests in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupFailoverTest {

  private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
  private static final long RATE = ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND;

  private static ProxyStack stack;
  private static ObjectStore store;

  @BeforeAll
  static void start() {
    start(new BillingWindow(1, 20_000, 60_000), 0, false, 1L << 20);
  }

  private static void start(BillingWindow window, long warmupMs, boolean repair, long rate) {
    ProxySettings settings = ProxySettings.DEFAULTS.withCoding(4, 2, 1024).withPool(6, 256)
        .withPorts(0, 0).withTimeouts(20_000, 10_000, window)
        .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-")
        .withKeepAlive(warmupMs, 0, repair, rate);
    stack = ProxyStack.start(settings, LocalFunctions.NodeCode.DEFAULT);
    store = ProxyObjectStore.remote(List.of(stack.server().clientAddress()), 30_000, 2_000, 1 << 20);
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

  /**
   * Kills one instance of a node; when it is the one serving, waits until the proxy has seen it
   * go (a kill is asynchronous, and a dying instance could still answer a get).
   */
  private void reclaim(int node, InstanceInfo instance, boolean serving) {
    assertThat(control().reclaim(instance.id())).isTrue();
    if (serving) {
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy().nodeState(node) != NodeState.SERVING);
    }
  }

  @Test
  @Order(1)
  void afterABackupReclaimingThePrimaryLeavesEveryKeyReadableAndNoGetNeedsReconstruction()
      throws Exception {
    KeySpace space = store.keySpace("backup", K4_R2);
    List<byte[]> values = write(space, "v", 8, 256 << 10, 10);
    List<String> seconds = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      BackupRelay.Outcome outcome = proxy().keepAlive().backups().backup(n).get(60, TimeUnit.SECONDS);
      assertThat(outcome.secondInstanceId()).as("node %d got a second instance", n).isNotNull();
      assertThat(outcome.copied()).as("node %d: one shard of each value", n).isEqualTo(8);
      seconds.add(outcome.secondInstanceId());
    }
    for (int n = 0; n < 6; n++) {
      List<InstanceInfo> instances = instancesOf(n);
      assertThat(instances).as("node %d: primary and backup", n).hasSize(2);
      reclaim(n, instances.get(0), true);
    }
    assertReadable(space, "v", values);
    for (int n = 0; n < 6; n++) {
      assertThat(proxy().nodeInstanceId(n)).as("node %d now served by its backup", n)
          .isEqualTo(seconds.get(n));
    }
    assertThat(counters().degradedReads.get()).as("gets that found a shard missing").isZero();
    assertThat(counters().shardsFoundLost.get()).isZero();
    assertThat(counters().backups.get()).isEqualTo(6);
  }

  @Test
  @Order(2)
  void writesMadeDuringABackupSurviveTheLossOfEitherInstance() throws Exception {
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
    List<String> seconds = new ArrayList<>();
    for (CompletableFuture<BackupRelay.Outcome> backup : backups) {
      seconds.add(backup.get(120, TimeUnit.SECONDS).secondInstanceId());
      assertThat(seconds.get(seconds.size() - 1)).isNotNull();
    }
    // Lose the first (serving) instance of even nodes and the second of odd ones: every value
    // keeps exactly one instance per node, so any write a backup missed would be a degraded read.
    for (int n = 0; n < 6; n++) {
      List<InstanceInfo> instances = instancesOf(n);
      assertThat(instances).hasSize(2);
      reclaim(n, instances.get(n % 2), n % 2 == 0);
    }
    assertReadable(space, "new", during);
    for (int n = 0; n < 6; n++) {
      if (n % 2 == 0) {
        assertThat(proxy().nodeInstanceId(n)).as("node %d fails over to its backup", n)
            .isEqualTo(seconds.get(n));
      } else {
        assertThat(proxy().nodeInstanceId(n)).as("node %d keeps its first instance", n)
            .isNotEqualTo(seconds.get(n));
      }
    }
    assertThat(space.get("old0".getBytes())).isNull();
    for (int i = 1; i < before.size(); i++) {
      assertThat(space.get(("old" + i).getBytes()).value()).isEqualTo(before.get(i));
    }
    assertThat(counters().degradedReads.get()).isZero();
  }
}
