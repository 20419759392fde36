package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.jcache.MayflyCachingProvider;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.InstanceReport;
import io.mayfly.proxy.node.LambdaInvoker;
import io.mayfly.proxy.node.NodeState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy restarted over living functions: it recovers its index from what they hold, issues no
 * version twice, and its capacity ledger matches what the nodes hold. lambda-local (in-process
 * instances) stays alive in this JVM while only the proxy is closed and started again on the same
 * client port, as a proxy process restarted by its supervisor would be.
 */
class ProxyRestartTest {

    private static final Logger log = LoggerFactory.getLogger(ProxyRestartTest.class);
    private static final CodingSettings K4_R2 = new CodingSettings(4, 2, 0, 1L << 30);
    private static final int POOL = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private ProxySettings settings;
    private LocalFunctions functions;
    private ProxyServer proxy;
    private ObjectStore store;

    @BeforeEach
    void start() {
        start(256, 1024);
    }

    private void start(int memoryMb, long smallThresholdBytes) {
        start(memoryMb, ProxySettings.defaultOverheadMb(memoryMb), smallThresholdBytes);
    }

    private void start(int memoryMb, int overheadMb, long smallThresholdBytes) {
        settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, smallThresholdBytes)
                .withPool(POOL, memoryMb, overheadMb)
                .withPorts(0, 0)
                .withTimeouts(20_000, 20_000, new BillingWindow(1, 60_000, 600_000))
                .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-")
                .withKeepAlive(0, 0, true, 256L << 20);
        functions = LocalFunctions.start(settings, LocalFunctions.NodeCode.DEFAULT);
        proxy = startProxy(0);
        store = remoteStore();
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (functions != null) {
            functions.close();
        }
    }

    private ProxyServer startProxy(int clientPort) {
        ProxyServer server = ProxyServer.start(
                settings.withPorts(clientPort, 0),
                LambdaInvoker.forEndpoint(
                        functions.endpoint(),
                        settings.region(),
                        settings.billing().invocationTimeout(),
                        POOL));
        return server;
    }

    private ObjectStore remoteStore() {
        return ProxyObjectStore.remote(List.of(proxy.clientAddress()), 60_000, 2_000, 1 << 20);
    }

    /** Closes the proxy (the functions live on) and starts a new one on the same client port. */
    private ProxyServer.RecoveryReport restartProxy() throws Exception {
        store.close();
        int port = proxy.clientAddress().getPort();
        proxy.close();
        long startNanos = System.nanoTime();
        proxy = startProxy(port);
        ProxyServer.RecoveryReport report = proxy.recovered().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        log.info("recovered {} in {} ms", report, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        store = remoteStore();
        return report;
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aVersionReadBeforeARestartIsNeverIssuedAgain() throws Exception {
        KeySpace space = store.keySpace("versions", K4_R2);
        space.put(key("k"), random(4096, 1), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        long v = space.get(key("k")).version();

        restartProxy();
        space = store.keySpace("versions", K4_R2);
        assertThat(space.get(key("k")).version())
                .as("recovered at the version read")
                .isEqualTo(v);
        // Write until this epoch's counter passes the one v carries: a reused counter would reissue v.
        long counterOfV = v & ((1L << 22) - 1);
        List<Long> issued = new ArrayList<>();
        for (long i = 0; i <= counterOfV; i++) {
            issued.add(space.put(key("k"), random(100, 10 + i), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES));
        }
        assertThat(issued).doesNotContain(v).allMatch(n -> n > v);
        byte[] current = space.get(key("k")).value();
        assertThat(space.put(key("k"), random(100, 99), v, KeySpace.NEVER_EXPIRES))
                .as("compare-and-set expecting the version from before the restart")
                .isEqualTo(KeySpace.CONFLICT);
        assertThat(space.remove(key("k"), v)).isFalse();
        assertThat(space.get(key("k")).value()).isEqualTo(current);
    }

    /** 1 KiB to 8 MiB (log-uniform) and one of 50 MiB: every size class the pool stores. */
    private static int sizeOf(int i, int count) {
        if (i == count - 1) {
            return 50 << 20;
        }
        return (int) Math.round(1024 * Math.pow(8192.0, i / (double) (count - 2)));
    }

    @Test
    void twoHundredValuesComeBackThroughJCacheAfterARestartAndAfterANodeIsLostMeanwhile(TestReporter reporter)
            throws Exception {
        stop();
        start(512, 2 << 20); // the provider's default threshold: values up to 2 MiB stay in the tier
        int count = 200;
        CachingProvider provider = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        for (int round = 0; round < 2; round++) {
            String cacheName = "values" + round;
            Properties properties = new Properties();
            properties.setProperty(
                    "mayfly.proxy", "127.0.0.1:" + proxy.clientAddress().getPort());
            properties.setProperty("mayfly.data-shards", "4");
            properties.setProperty("mayfly.parity-shards", "2");
            properties.setProperty("mayfly.operation-timeout-ms", "60000");
            CacheManager manager = provider.getCacheManager(
                    URI.create("test:restart-" + round), getClass().getClassLoader(), properties);
            try {
                Cache<Integer, byte[]> cache = manager.createCache(
                        cacheName, new MutableConfiguration<Integer, byte[]>().setTypes(Integer.class, byte[].class));
                for (int i = 0; i < count; i++) {
                    cache.put(i, random(sizeOf(i, count), 1000L * round + i));
                }
                if (round == 1) {
                    // Lose node 2's memory while no proxy runs: its shards come back through repair.
                    sleepAllNodes();
                    store.close();
                    int port = proxy.clientAddress().getPort();
                    proxy.close();
                    for (InstanceInfo instance : functions.service().control().instances("mayfly-node-2")) {
                        if (instance.state() != InstanceState.TERMINATED) {
                            functions.service().control().reclaim(instance.id());
                        }
                    }
                    long startNanos = System.nanoTime();
                    proxy = startProxy(port);
                    store = remoteStore();
                    assertThat(cache.get(0)).isEqualTo(random(sizeOf(0, count), 1000L * round));
                    reporter.publishEntry(
                            "restart-to-first-read-ms-node-lost",
                            Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
                    reporter.publishEntry(
                            "recovery-node-lost", proxy.recovered().get().toString());
                } else {
                    sleepAllNodes();
                    store.close();
                    int port = proxy.clientAddress().getPort();
                    proxy.close();
                    long startNanos = System.nanoTime();
                    proxy = startProxy(port);
                    store = remoteStore();
                    assertThat(cache.get(0)).isEqualTo(random(sizeOf(0, count), 1000L * round));
                    reporter.publishEntry(
                            "restart-to-first-read-ms",
                            Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
                    reporter.publishEntry("recovery", proxy.recovered().get().toString());
                }
                for (int i = 0; i < count; i++) {
                    assertThat(cache.get(i))
                            .as("value %d of %d bytes", i, sizeOf(i, count))
                            .isEqualTo(random(sizeOf(i, count), 1000L * round + i));
                }
                if (round == 1) {
                    await().atMost(PATIENCE)
                            .until(() ->
                                    proxy.keepAliveCounters().shardsRepaired.get() > 0
                                            && proxy.keepAlive().repair().pending() == 0);
                }
            } finally {
                manager.close();
            }
        }
    }

    /** Drops every node's connection, as its invocation ending would: the next request invokes it. */
    private void sleepAllNodes() {
        for (int n = 0; n < POOL; n++) {
            proxy.dropNodeConnection(proxy.nodeName(n));
        }
        awaitAllIdle();
    }

    private void awaitAllIdle() {
        await().atMost(PATIENCE)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    for (int n = 0; n < POOL; n++) {
                        if (proxy.nodeState(n) == NodeState.SERVING || proxy.nodeState(n) == NodeState.INVOKING) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    @Test
    void afterARestartAFullPoolTakesAFullPoolAgainAndNodesHoldWhatTheIndexSays() throws Exception {
        KeySpace space = store.keySpace("fill", K4_R2);
        long capacity = proxy.stats().capacityBytes();
        int valueBytes = 4 << 20; // 6 shards of 1 MiB
        int values = (int) (capacity / (valueBytes * 3L / 2)) + 4; // past full: eviction runs
        for (int i = 0; i < values; i++) {
            assertThat(space.put(key("a" + i), random(valueBytes, i), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                    .isPositive();
        }
        restartProxy();
        space = store.keySpace("fill", K4_R2);
        assertThat(proxy.stats().values()).isPositive();
        for (int i = 0; i < values; i++) {
            assertThat(space.put(
                            key("b" + i), random(valueBytes, 500 + i), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                    .as("put %d of a second full pool", i)
                    .isPositive();
        }
        assertThat(space.get(key("b" + (values - 1))).value()).isEqualTo(random(valueBytes, 500 + values - 1));
        // Every node, when it connects again (a read wakes all six), holds exactly what the index
        // places on it: what HELLO reports after the deletes it was owed have been delivered.
        KeySpace reader = space;
        byte[] last = key("b" + (values - 1));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            sleepAllNodes();
            assertThat(reader.get(last)).isNotNull();
            for (int n = 0; n < POOL; n++) {
                InstanceReport report = proxy.lastReport(n);
                if (report == null
                        || report.inventoryDigest() != proxy.expectedDigest(n)
                        || report.storedBytes() != proxy.nodeUsedBytes(n)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void anOrderlyRestartKeepsSmallPutsAndRemovesAnsweredJustBeforeWhileTheNodesSlept() throws Exception {
        KeySpace space = store.keySpace("drain", K4_R2);
        int coded = 64 << 10; // above the 1 KiB threshold: erasure-coded shards on the functions
        space.put(key("removed"), random(coded, 1), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        space.put(key("overwritten"), random(coded, 2), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        sleepAllNodes();
        // Each answered from the proxy alone: the deletes and the small values' copies need the
        // sleeping nodes, and the proxy closes right after the last answer.
        assertThat(space.remove(key("removed"), KeySpace.ANY_VERSION)).isTrue();
        space.put(key("overwritten"), random(100, 3), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        space.put(key("small"), random(100, 4), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);

        restartProxy();
        space = store.keySpace("drain", K4_R2);
        assertThat(space.get(key("removed")))
                .as("a remove answered before the close")
                .isNull();
        assertThat(space.get(key("overwritten")).value()).isEqualTo(random(100, 3));
        assertThat(space.get(key("small")).value()).isEqualTo(random(100, 4));
    }

    @Test
    void expiredValuesAreRemovedInTheBackgroundAndFreeTheirRoom() {
        KeySpace space = store.keySpace("expiry", K4_R2);
        long past = System.currentTimeMillis() - 1;
        space.put(key("gone-large"), random(1 << 20, 1), KeySpace.ANY_VERSION, past);
        space.put(key("gone-small"), random(100, 2), KeySpace.ANY_VERSION, past);
        space.put(key("kept"), random(1 << 20, 3), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        await().atMost(PATIENCE).until(() -> proxy.stats().values() == 1);
        assertThat(space.get(key("kept")).value()).isEqualTo(random(1 << 20, 3));
        // Only the live value's six shards of 256 KiB still count against the pool.
        await().atMost(PATIENCE).until(() -> proxy.stats().storedBytes() == 6L * (256 << 10));
    }

    @Test
    void aNodeOutOfRoomThatTheLedgerThoughtFreeMakesTheProxyEvictAndRetryNotFailThePut() {
        stop();
        // The proxy counts the whole function memory as room; the nodes hold about half of it
        // (their JVM's own share): past that every node refuses shards the ledger has room for.
        start(160, 0, 1024);
        KeySpace space = store.keySpace("noroom", K4_R2);
        int valueBytes = 4 << 20;
        int values = (int) (proxy.stats().capacityBytes() / (valueBytes * 3L / 2));
        for (int i = 0; i < values; i++) {
            assertThat(space.put(key("v" + i), random(valueBytes, i), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                    .as("put %d of %d", i, values)
                    .isPositive();
        }
        // The ledger never ran out of room, so every eviction was a refusing node's.
        assertThat(proxy.metrics()
                        .registry()
                        .get("mayfly.proxy.evictions")
                        .counter()
                        .count())
                .as("values evicted for nodes that refused a shard")
                .isPositive();
        for (int i = values - 3; i < values; i++) {
            assertThat(space.get(key("v" + i)).value()).isEqualTo(random(valueBytes, i));
        }
    }

    @Test
    void aGetRacingAnOverwriteOnAColdNodeReturnsTheOldOrTheNewValueNeverNull() throws Exception {
        KeySpace space = store.keySpace("race", K4_R2);
        byte[] k = key("raced");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 1_000; round++) {
                byte[] before = random(8192, 2L * round);
                byte[] after = random(8192, 2L * round + 1);
                space.put(k, before, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                // Every node cold: the get invokes them, and each gets the deletes it is owed first.
                sleepAllNodes();
                java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);
                KeySpace s = space;
                var read = threads.submit(() -> {
                    go.await();
                    return s.get(k);
                });
                var write = threads.submit(() -> {
                    go.await();
                    return s.put(k, after, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                });
                StoredValue got = read.get(60, TimeUnit.SECONDS);
                assertThat(write.get(60, TimeUnit.SECONDS)).isPositive();
                assertThat(got).as("round %d", round).isNotNull();
                assertThat(got.value()).as("round %d", round).isIn(before, after);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
