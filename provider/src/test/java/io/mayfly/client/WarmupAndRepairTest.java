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
 * Warm-up and proactive repair through lambda-local (in-process instances) and the real
 * lambda-node: a pool of 6 at k=4, r=2, so every value has a shard on every node. InfiniCache's
 * 100 ms billing window; nodes return after 300 ms idle and are warmed after 500 ms idle; a
 * warm-up that lands on a new instance makes the node serve, and its HELLO digest tells repair
 * what it lost. One stack for the class (cold starts dominate): the warm-up test runs first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmupAndRepairTest {

  private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
  private static final long RATE = ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND;

  private static ProxyStack stack;
  private static ObjectStore store;

  @BeforeAll
  static void start() {
    start(new BillingWindow(100, 300, 60_000), 500, true, RATE);
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

  @Test
  @Order(1)
  void aWarmUpInvocationHappensAfterTheIdleIntervalAndReturnsInsideItsWindow() {
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
  @Order(2)
  void afterAnInstanceComesBackEmptyEveryAffectedValueIsRebuiltAndSurvivesRMoreLosses() {
    KeySpace space = store.keySpace("repair", K4_R2);
    List<byte[]> values = write(space, "v", 10, 256 << 10, 300);
    awaitAllIdle();
    List<InstanceInfo> lost = instancesOf(2);
    assertThat(lost).hasSize(1);
    assertThat(control().reclaim(lost.get(0).id())).isTrue();

    // One inventory listing queues every lost shard at once: no repair pending means all done.
    await().atMost(Duration.ofSeconds(60)).until(() -> counters().valuesRepaired.get() >= 10
        && proxy().keepAlive().repair().pending() == 0);
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
