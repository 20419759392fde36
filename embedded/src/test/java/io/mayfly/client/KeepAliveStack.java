package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.keepalive.BackupRelay;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.NodeState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The setup the keep-alive tests share: a proxy over lambda-local and the real lambda-node, a
 * pool of 6 at RS(4+2) (so every value has one shard on every node), one store, the values
 * written through it (to read every key back), and lambda-local's control interface to find and
 * reclaim function instances. In-process instances are threads; process-mode instances are child
 * JVMs running the official runtime interface client (~0.5 s and 64 MB each), so a test class
 * shares one stack. Periodic backups are off: tests start them.
 */
final class KeepAliveStack implements AutoCloseable {

    static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
    static final int POOL_SIZE = 6;

    private final ProxyStack stack;
    private final ObjectStore store;
    private final Duration patience;
    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The invocations recovery made at the proxy's start (one per node), not counted as warm-ups. */
    private final Set<String> recoveryInvocations = new HashSet<>();

    private KeepAliveStack(ProxyStack stack, ObjectStore store, Duration patience) {
        this.stack = stack;
        this.store = store;
        this.patience = patience;
    }

    /** Waits until recovery's invocations of every node have returned, and remembers them. */
    private void awaitRecovery() {
        proxy().recovered().join();
        awaitAllIdle();
        await().atMost(patience).until(() -> billing().recentInvocations().size() >= POOL_SIZE);
        for (BillingMeter.BilledInvocation i : billing().recentInvocations()) {
            recoveryInvocations.add(i.requestId());
        }
    }

    /**
     * Starts lambda-local, the proxy and a store.
     *
     * @param warmupIntervalMs a node idle this long is warmed; 0: never
     * @param rateBytesPerSecond the pace of backup and repair copies
     */
    static KeepAliveStack start(
            FunctionRuntime runtime,
            BillingWindow window,
            long warmupIntervalMs,
            boolean repair,
            long rateBytesPerSecond) {
        boolean processes = runtime == FunctionRuntime.LOCAL_PROCESS;
        // Child JVMs start in seconds, not milliseconds, on a loaded 2-core machine.
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(POOL_SIZE, 256)
                .withPorts(0, 0)
                .withTimeouts(processes ? 60_000 : 20_000, processes ? 20_000 : 10_000, window)
                .withRuntime(runtime, "us-east-1", "mayfly-node-")
                .withKeepAlive(warmupIntervalMs, 0, repair, rateBytesPerSecond);
        LocalFunctions.NodeCode code = processes
                ? new LocalFunctions.NodeCode(LocalFunctions.DEFAULT_NODE_HANDLER, ProcessModeTest.lambdaNodeJar())
                : LocalFunctions.NodeCode.DEFAULT;
        ProxyStack stack = ProxyStack.start(settings, code);
        try {
            ObjectStore store = ProxyObjectStore.remote(
                    List.of(stack.server().clientAddress()), processes ? 120_000 : 30_000, 2_000, 1 << 20);
            KeepAliveStack keepAlive = new KeepAliveStack(stack, store, Duration.ofSeconds(processes ? 120 : 60));
            keepAlive.awaitRecovery();
            return keepAlive;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            store.close();
            stack.close();
        }
    }

    ProxyServer proxy() {
        return stack.server();
    }

    KeepAliveCounters counters() {
        return proxy().keepAliveCounters();
    }

    InstanceControl control() {
        return stack.functions().service().control();
    }

    BillingMeter billing() {
        return stack.functions().service().billing();
    }

    /** How long to wait for anything that involves cold starts. */
    Duration patience() {
        return patience;
    }

    KeySpace keySpace(String name) {
        return store.keySpace(name, K4_R2);
    }

    // ---- values ------------------------------------------------------------------------------

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code count} random values as {@code prefix0, prefix1, ...} and remembers them. */
    Written write(KeySpace space, String prefix, int count, int size, long seed) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] value = random(size, seed + i);
            values.add(value);
            space.put(
                    (prefix + i).getBytes(StandardCharsets.UTF_8), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        }
        Written w = new Written(space, prefix, values);
        written.add(w);
        return w;
    }

    /** Reads back every key written through this stack: the value written, or none if removed. */
    void assertEveryKeyReadable() {
        for (Written w : written) {
            w.assertReadable();
        }
    }

    /** Values written as {@code prefix0, prefix1, ...} into one key space, and which were removed since. */
    static final class Written {
        private final KeySpace space;
        private final String prefix;
        private final List<byte[]> values;
        private final Set<Integer> removed = ConcurrentHashMap.newKeySet();

        Written(KeySpace space, String prefix, List<byte[]> values) {
            this.space = space;
            this.prefix = prefix;
            this.values = List.copyOf(values);
        }

        byte[] key(int i) {
            return (prefix + i).getBytes(StandardCharsets.UTF_8);
        }

        int size() {
            return values.size();
        }

        void remove(int i) {
            space.remove(key(i), KeySpace.ANY_VERSION);
            removed.add(i);
        }

        void removeAll() {
            for (int i = 0; i < values.size(); i++) {
                remove(i);
            }
        }

        void assertReadable() {
            for (int i = 0; i < values.size(); i++) {
                StoredValue read = space.get(key(i));
                String name = space.name() + "/" + prefix + i;
                if (removed.contains(i)) {
                    assertThat(read).as("%s was removed", name).isNull();
                } else {
                    assertThat(read).as(name).isNotNull();
                    assertThat(read.value()).as(name).isEqualTo(values.get(i));
                }
            }
        }
    }

    // ---- what the proxy did ------------------------------------------------------------------

    /**
     * The counters that move when data went missing: gets that completed from parity because a
     * shard was missing, shards a get found lost, shards a connecting instance lacked, shards rebuilt.
     */
    record LossSignals(long degradedReads, long shardsFoundLost, long shardsMissingOnConnect, long shardsRepaired) {}

    LossSignals lossSignals() {
        KeepAliveCounters c = counters();
        return new LossSignals(
                c.degradedReads.get(), c.shardsFoundLost.get(), c.shardsMissingOnConnect.get(), c.shardsRepaired.get());
    }

    /** Starts a backup of every node at once. */
    List<CompletableFuture<BackupRelay.Outcome>> startBackups() {
        List<CompletableFuture<BackupRelay.Outcome>> backups = new ArrayList<>();
        for (int n = 0; n < POOL_SIZE; n++) {
            backups.add(proxy().keepAlive().backups().backup(n));
        }
        return backups;
    }

    /**
     * Waits until every node's second instance has taken its backup invocation and the backups have
     * copied two shards per node since {@code copiedBefore}: the syncs are under way. Not every
     * sync need have listed its second's shards by then: a fresh child JVM can take seconds to dial
     * back, and the counter is the pool's, not the node's.
     */
    void awaitSyncsUnderWay(long copiedBefore) {
        await().atMost(patience).until(() -> {
            for (int n = 0; n < POOL_SIZE; n++) {
                List<InstanceInfo> instances = instancesOf(n);
                if (instances.size() != 2 || instances.get(1).state() != InstanceState.BUSY) {
                    return false;
                }
            }
            return true;
        });
        await().atMost(patience).until(() -> counters().backupShardsCopied.get() - copiedBefore >= 2L * POOL_SIZE);
    }

    void awaitAllIdle() {
        await().atMost(patience).until(() -> {
            for (int n = 0; n < POOL_SIZE; n++) {
                if (proxy().nodeState(n) != NodeState.IDLE) {
                    return false;
                }
            }
            return true;
        });
    }

    // ---- instances ---------------------------------------------------------------------------

    /** The node's live instances, oldest first. */
    List<InstanceInfo> instancesOf(int node) {
        List<InstanceInfo> list = new ArrayList<>();
        for (InstanceInfo i : control().instances(proxy().nodeName(node))) {
            if (i.state() != InstanceState.TERMINATED) {
                list.add(i);
            }
        }
        list.sort(Comparator.comparing(InstanceInfo::startedAt));
        return list;
    }

    /**
     * Kills one instance of a node, as Lambda may. When the node was serving from it, waits until
     * the proxy has seen it go: a kill is asynchronous, and a dying instance could still answer a
     * get. A child JVM is waited for until it has exited.
     */
    void reclaim(int node, InstanceInfo instance) {
        InstanceInfo now = control().instances(proxy().nodeName(node)).stream()
                .filter(i -> i.id().equals(instance.id()))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("instance " + instance.id() + " of node " + node + " is gone already"));
        // Outside a backup, an instance with an open invocation is the one the node serves from (or
        // runs a warm-up, while the node does not serve).
        String servedBy = proxy().nodeState(node) == NodeState.SERVING && now.state() == InstanceState.BUSY
                ? proxy().nodeInstanceId(node)
                : null;
        assertThat(control().reclaim(instance.id()))
                .as("reclaim %s", instance.id())
                .isTrue();
        if (servedBy != null) {
            await().atMost(patience)
                    .until(() -> proxy().nodeState(node) != NodeState.SERVING
                            || !servedBy.equals(proxy().nodeInstanceId(node)));
        }
        instance.processId()
                .ifPresent(pid -> await().atMost(patience)
                        .until(() ->
                                ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)));
    }

    /** Kills every instance of a node: its memory is gone. */
    void reclaimAll(int node) {
        for (InstanceInfo instance : instancesOf(node)) {
            reclaim(node, instance);
        }
    }

    /**
     * Billed invocations other than each instance's first, oldest first, not counting recovery's at
     * the proxy's start. Once a pool has served one write and gone idle, nothing but warm-ups
     * invokes it, so these are the warm-ups.
     */
    List<BillingMeter.BilledInvocation> invocationsAfterEachInstancesFirst() {
        Set<String> seen = new HashSet<>();
        List<BillingMeter.BilledInvocation> later = new ArrayList<>();
        for (BillingMeter.BilledInvocation i : billing().recentInvocations()) {
            if (recoveryInvocations.contains(i.requestId())) {
                continue;
            }
            if (!seen.add(i.instanceId())) {
                later.add(i);
            }
        }
        return later;
    }
}
