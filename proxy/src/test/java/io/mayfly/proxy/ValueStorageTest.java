package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodePool;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValueStorageTest {

    private static final ProxySettings SETTINGS =
            ProxySettings.DEFAULTS.withCoding(2, 1, 1024).withPool(4, 256);

    /** Invocations fail at once: the pool's nodes stay asleep and deletes for them stay queued. */
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
    private final ValueStorage storage = new ValueStorage(SETTINGS, pool, IdleMetrics.of(SETTINGS));
    private final long shardLength = SETTINGS.nodeCapacityBytes() / 2;

    @AfterEach
    void close() {
        pool.close();
        timer.shutdownNow();
    }

    /** A committed value with a shard of half a node on each of nodes 0, 1 and 2. */
    private ObjectMeta stored(String key, long version, boolean pinned) {
        ObjectMeta meta = new ObjectMeta(
                ObjectKey.of("s", key.getBytes()),
                version,
                2 * shardLength,
                0,
                2,
                1,
                shardLength,
                0,
                new int[3],
                false,
                new int[] {0, 1, 2},
                0,
                pinned);
        for (int node : meta.placement()) {
            assertThat(storage.placement.tryClaim(node, shardLength)).isTrue();
        }
        assertThat(storage.index.commit(meta, MetadataIndex.ANY_VERSION).committed())
                .isTrue();
        storage.eviction.admitted(meta.key(), version, pinned);
        return meta;
    }

    @Test
    void aClaimEvictsValuesUntilTheBytesFitAndTheirShardsAreDeleted() {
        ObjectMeta first = stored("first", 1, false);
        stored("second", 1, false);
        assertThat(storage.claim(0, shardLength)).isTrue();
        assertThat(storage.index.get(first.key())).as("evicted").isNull();
        assertThat(storage.index.size()).isEqualTo(1);
        assertThat(storage.placement.usedBytes(0)).isEqualTo(2 * shardLength);
        assertThat(storage.placement.usedBytes(1)).isEqualTo(shardLength);
        assertThat(pool.pendingDeletes())
                .as("its three shards, queued for the sleeping nodes")
                .isEqualTo(3);
    }

    @Test
    void aClaimThatOnlyPinnedValuesCouldMakeRoomForFails() {
        stored("pinned", 1, true);
        stored("also pinned", 1, true);
        assertThat(storage.claim(0, shardLength)).isFalse();
        assertThat(storage.index.size()).isEqualTo(2);
    }

    @Test
    void aDroppedValueKeepsItsRoomUntilItsReadsFinish() {
        ObjectMeta meta = stored("read", 1, false);
        storage.reads.acquire(meta.key(), 1);
        assertThat(storage.drop(meta)).isNotNull();
        assertThat(storage.index.get(meta.key())).isNull();
        assertThat(storage.placement.usedBytes()).isEqualTo(3 * shardLength);
        assertThat(pool.pendingDeletes()).isZero();

        storage.reads.release(meta.key(), 1);
        assertThat(storage.placement.usedBytes()).isZero();
        assertThat(pool.pendingDeletes()).isEqualTo(3);
    }

    @Test
    void droppingAVersionNoLongerCurrentLeavesTheCurrentOne() {
        ObjectMeta old = stored("key", 1, false);
        storage.drop(old);
        ObjectMeta current = stored("key", 2, false);
        assertThat(storage.drop(old)).isNull();
        assertThat(storage.index.get(current.key())).isEqualTo(current);
        assertThat(storage.placement.usedBytes()).isEqualTo(3 * shardLength);
    }
}
