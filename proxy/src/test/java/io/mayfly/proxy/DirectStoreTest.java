package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.message.ExpectedVersion;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodePool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Direct calls against a store whose functions never answer: what the tier and the index do,
 * without connections.
 */
class DirectStoreTest {

    private static final long THRESHOLD = 1024;
    private static final ProxySettings SETTINGS =
            ProxySettings.DEFAULTS.withCoding(2, 1, THRESHOLD).withPool(4, 256).withPinnedMaxBytes(4096);

    private static final NodeInvoker NO_FUNCTIONS = new NodeInvoker() {
        @Override
        public CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
            return CompletableFuture.failedFuture(new IOException("no functions in this test"));
        }

        @Override
        public void close() {}
    };

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final NodePool<NodeChannel> pool = new NodePool<>(
            NodePool.functionNames("node-", SETTINGS.poolSize()),
            NO_FUNCTIONS,
            (command, name, token) -> new byte[0],
            Duration.ofSeconds(5),
            timer);
    private final StoreCoordinator store = new StoreCoordinator(SETTINGS, pool, IdleMetrics.of(SETTINGS));
    private final CompletableFuture<Void> recovered = CompletableFuture.completedFuture(null);
    private final DirectStore direct = new DirectStore(store, recovered);

    @AfterEach
    void close() {
        direct.close();
        pool.close();
        timer.shutdownNow();
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    private DirectStore.Put put(String key, byte[] value, long expected) {
        return direct.put("s", key(key), value, expected, Long.MAX_VALUE, false, ExpectedVersion.NO_LEASE);
    }

    @Test
    void anAbsentKeyThenAnInlineHitWithItsMetadata() {
        assertThat(direct.get("s", key("k")).found()).isEqualTo(DirectStore.Found.ABSENT);
        assertThat(direct.head("s", key("k")).found()).isEqualTo(DirectStore.Found.ABSENT);

        byte[] value = bytes(700, 3);
        DirectStore.Put put = direct.put("s", key("k"), value, ExpectedVersion.ANY, 12_345, false, 0);
        assertThat(put.outcome()).isEqualTo(DirectStore.Outcome.COMMITTED);
        assertThat(put.version()).isPositive();

        DirectStore.Read read = direct.get("s", key("k"));
        assertThat(read.found()).isEqualTo(DirectStore.Found.FOUND);
        assertThat(read.value()).isEqualTo(value);
        assertThat(read.version()).isEqualTo(put.version());
        assertThat(read.length()).isEqualTo(700);
        assertThat(read.expiresAtMillis()).isEqualTo(12_345);
        assertThat(read.valueChecksum()).isEqualTo(Crc32c.valueChecksum(value));

        DirectStore.Read head = direct.head("s", key("k"));
        assertThat(head.found()).isEqualTo(DirectStore.Found.FOUND);
        assertThat(head.value()).isNull();
        assertThat(head.version()).isEqualTo(put.version());
        assertThat(head.length()).isEqualTo(700);
        // Another key space holds none of it.
        assertThat(direct.get("other", key("k")).found()).isEqualTo(DirectStore.Found.ABSENT);
    }

    @Test
    void anEmptyValueAndOneAtTheThresholdAreInline() {
        assertThat(put("empty", new byte[0], ExpectedVersion.ANY).outcome()).isEqualTo(DirectStore.Outcome.COMMITTED);
        assertThat(direct.get("s", key("empty")).value()).isEmpty();
        assertThat(put("full", bytes((int) THRESHOLD, 1), ExpectedVersion.ANY).outcome())
                .isEqualTo(DirectStore.Outcome.COMMITTED);
    }

    @Test
    void theExpectedVersionDecides() {
        long first = put("k", bytes(10, 1), ExpectedVersion.ABSENT).version();
        assertThat(put("k", bytes(10, 2), ExpectedVersion.ABSENT).outcome()).isEqualTo(DirectStore.Outcome.CONFLICT);
        assertThat(put("k", bytes(10, 3), first + 1).outcome()).isEqualTo(DirectStore.Outcome.CONFLICT);
        assertThat(put("absent", bytes(10, 3), first).outcome()).isEqualTo(DirectStore.Outcome.CONFLICT);
        assertThat(direct.get("s", key("absent")).found()).isEqualTo(DirectStore.Found.ABSENT);

        DirectStore.Put second = put("k", bytes(10, 4), first);
        assertThat(second.outcome()).isEqualTo(DirectStore.Outcome.COMMITTED);
        assertThat(second.version()).isGreaterThan(first);
        assertThat(direct.get("s", key("k")).value()).isEqualTo(bytes(10, 4));
        // Refused puts left nothing in the tier: only the current version's bytes.
        assertThat(store.storage.smallValues.size()).isEqualTo(1);
    }

    @Test
    void aWriteUnderALeaseThatEndedStoresNothing() throws Exception {
        long lease = acquireLease("k");
        assertThat(store.leases.release(ObjectKey.of("s", key("k")), lease)).isTrue();

        DirectStore.Put lost =
                direct.put("s", key("k"), bytes(10, 1), ExpectedVersion.ANY, Long.MAX_VALUE, false, lease);
        assertThat(lost.outcome()).isEqualTo(DirectStore.Outcome.LEASE_LOST);
        assertThat(lost.reason()).contains("write lease " + lease);
        assertThat(direct.get("s", key("k")).found()).isEqualTo(DirectStore.Found.ABSENT);
        assertThat(store.storage.smallValues.size()).isZero();

        long held = acquireLease("k");
        DirectStore.Put committed =
                direct.put("s", key("k"), bytes(10, 2), ExpectedVersion.ANY, Long.MAX_VALUE, false, held);
        assertThat(committed.outcome()).isEqualTo(DirectStore.Outcome.COMMITTED);
        assertThat(store.leases.leasedKeys()).as("the commit ended the lease").isZero();
    }

    @Test
    void aValueAboveTheThresholdIsLeftToTheChannelWithItsLease() throws Exception {
        long lease = acquireLease("big");
        DirectStore.Put put = direct.put(
                "s", key("big"), bytes((int) THRESHOLD + 1, 1), ExpectedVersion.ANY, Long.MAX_VALUE, false, lease);
        assertThat(put.outcome()).isEqualTo(DirectStore.Outcome.TOO_LARGE);
        assertThat(put.reason()).contains("small-value-threshold-bytes");
        assertThat(direct.get("s", key("big")).found()).isEqualTo(DirectStore.Found.ABSENT);
        assertThat(store.leases.leasedKeys())
                .as("the lease waits for the erasure-coded put")
                .isOne();
    }

    @Test
    void aValueInShardsIsReadOverTheChannelButItsMetadataIsAnsweredHere() {
        ObjectKey k = ObjectKey.of("s", key("coded"));
        ObjectMeta coded = new ObjectMeta(
                k, 7, 4096, Long.MAX_VALUE, 2, 1, 2048, 99, new int[3], false, new int[] {0, 1, 2}, 0, false);
        assertThat(store.storage.index.commit(coded, MetadataIndex.ANY_VERSION).committed())
                .isTrue();

        assertThat(direct.get("s", key("coded")).found()).isEqualTo(DirectStore.Found.USE_CHANNEL);
        DirectStore.Read head = direct.head("s", key("coded"));
        assertThat(head.found()).isEqualTo(DirectStore.Found.FOUND);
        assertThat(head.version()).isEqualTo(7);
        assertThat(head.length()).isEqualTo(4096);
        assertThat(head.value()).isNull();
        assertThat(store.storage.reads.size()).as("no read lease left behind").isZero();
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = bytes(100, 1);
        put("k", value, ExpectedVersion.ANY);
        value[0] = 42;
        byte[] read = direct.get("s", key("k")).value();
        assertThat(read).isEqualTo(bytes(100, 1));
        read[1] = 42;
        assertThat(direct.get("s", key("k")).value()).isEqualTo(bytes(100, 1));

        byte[] k = key("k2");
        direct.put("s", k, value, ExpectedVersion.ANY, Long.MAX_VALUE, false, 0);
        k[0] = 'x';
        assertThat(direct.get("s", key("k2")).found()).isEqualTo(DirectStore.Found.FOUND);
    }

    @Test
    void pinnedValuesCountAgainstPinnedMaxBytes() {
        DirectStore.Put first = direct.put("s", key("a"), bytes(1000, 1), ExpectedVersion.ANY, Long.MAX_VALUE, true, 0);
        assertThat(first.outcome()).isEqualTo(DirectStore.Outcome.COMMITTED);
        for (int i = 0; i < 3; i++) {
            direct.put("s", key("p" + i), bytes(1000, i), ExpectedVersion.ANY, Long.MAX_VALUE, true, 0);
        }
        assertThat(store.storage.pinned.usedBytes()).isEqualTo(4000);

        DirectStore.Put refused =
                direct.put("s", key("b"), bytes(1000, 2), ExpectedVersion.ANY, Long.MAX_VALUE, true, 0);
        assertThat(refused.outcome()).isEqualTo(DirectStore.Outcome.NO_ROOM);
        assertThat(refused.reason()).contains("pinned-max-bytes 4096");
        assertThat(store.storage.pinned.usedBytes())
                .as("the refusal reserved nothing")
                .isEqualTo(4000);

        // A refused conditional pinned put gives its reservation back; an overwrite frees the old bytes.
        assertThat(direct.put("s", key("a"), bytes(10, 3), ExpectedVersion.ABSENT, Long.MAX_VALUE, true, 0)
                        .outcome())
                .isEqualTo(DirectStore.Outcome.CONFLICT);
        assertThat(direct.put("s", key("a"), bytes(10, 3), first.version(), Long.MAX_VALUE, true, 0)
                        .outcome())
                .isEqualTo(DirectStore.Outcome.COMMITTED);
        assertThat(store.storage.pinned.usedBytes()).isEqualTo(3010);
    }

    @Test
    void nothingIsAnsweredBeforeRecoveryNorAfterClose() {
        CompletableFuture<Void> recovering = new CompletableFuture<>();
        DirectStore early = new DirectStore(store, recovering);
        assertThat(early.serving()).isFalse();
        assertThat(early.get("s", key("k")).found()).isEqualTo(DirectStore.Found.USE_CHANNEL);
        assertThat(early.put("s", key("k"), bytes(1, 1), ExpectedVersion.ANY, Long.MAX_VALUE, false, 0)
                        .outcome())
                .isEqualTo(DirectStore.Outcome.USE_CHANNEL);
        assertThat(store.storage.index.size()).isZero();

        recovering.complete(null);
        assertThat(early.put("s", key("k"), bytes(1, 1), ExpectedVersion.ANY, Long.MAX_VALUE, false, 0)
                        .outcome())
                .isEqualTo(DirectStore.Outcome.COMMITTED);

        early.close();
        assertThat(early.serving()).isFalse();
        assertThat(early.get("s", key("k")).found()).isEqualTo(DirectStore.Found.USE_CHANNEL);
        assertThat(early.head("s", key("k")).found()).isEqualTo(DirectStore.Found.USE_CHANNEL);
        assertThat(early.put("s", key("k"), bytes(1, 2), ExpectedVersion.ANY, Long.MAX_VALUE, false, 0)
                        .outcome())
                .isEqualTo(DirectStore.Outcome.USE_CHANNEL);
    }

    @Test
    void concurrentConditionalPutsOnOneKeyFormOneChainOfVersions() throws Exception {
        int threads = 6;
        int rounds = 300;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger absentWins = new AtomicInteger();
        /** (expected, committed) of every conditional put that committed. */
        ConcurrentLinkedQueue<long[]> commits = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    DirectStore.Put first = put("k", bytes(64, thread), ExpectedVersion.ABSENT);
                    if (first.outcome() == DirectStore.Outcome.COMMITTED) {
                        absentWins.incrementAndGet();
                        commits.add(new long[] {ExpectedVersion.ABSENT, first.version()});
                    } else {
                        assertThat(first.outcome()).isEqualTo(DirectStore.Outcome.CONFLICT);
                    }
                    long lastSeen = 0;
                    for (int round = 0; round < rounds; round++) {
                        DirectStore.Read read = direct.get("s", key("k"));
                        if (read.found() != DirectStore.Found.FOUND) {
                            continue; // the first ABSENT put is not committed yet
                        }
                        assertThat(read.version()).isGreaterThanOrEqualTo(lastSeen);
                        lastSeen = read.version();
                        DirectStore.Put put = put("k", bytes(64, round), read.version());
                        if (put.outcome() == DirectStore.Outcome.COMMITTED) {
                            assertThat(put.version()).isGreaterThan(read.version());
                            commits.add(new long[] {read.version(), put.version()});
                            lastSeen = put.version();
                        } else {
                            assertThat(put.outcome()).isEqualTo(DirectStore.Outcome.CONFLICT);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(absentWins.get()).as("exactly one ABSENT put wins").isOne();
        List<long[]> chain = new ArrayList<>(commits);
        chain.sort(Comparator.comparingLong(c -> c[1]));
        assertThat(chain.get(0)[0]).isEqualTo(ExpectedVersion.ABSENT);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i)[0])
                    .as("each commit replaced the one before it")
                    .isEqualTo(chain.get(i - 1)[1]);
        }
        long last = chain.get(chain.size() - 1)[1];
        assertThat(direct.get("s", key("k")).version()).isEqualTo(last);
        assertThat(store.storage.smallValues.size())
                .as("superseded versions left the tier")
                .isOne();
        assertThat(store.storage.reads.size()).isZero();
    }

    private long acquireLease(String key) throws Exception {
        CompletableFuture<Long> granted = new CompletableFuture<>();
        store.leases.acquire(ObjectKey.of("s", key(key)), 60_000, 1_000, timer, new WriteLeases.Requester() {
            @Override
            public boolean granted(long leaseId) {
                return granted.complete(leaseId);
            }

            @Override
            public void refused(ErrorCode code, String reason) {
                granted.completeExceptionally(new IllegalStateException(reason));
            }
        });
        return granted.get(5, TimeUnit.SECONDS);
    }
}
