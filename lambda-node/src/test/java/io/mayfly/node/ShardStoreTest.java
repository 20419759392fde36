package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.checksum.InventoryDigest;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardStoreTest {

    private static ShardKey key(int i) {
        return new ShardKey("s", Bytes.copyOf(new byte[] {(byte) i}), 1, i);
    }

    private static void put(ShardStore store, ShardKey key, int length, int crc) throws NoRoomException {
        try (ShardStore.Reservation r = store.reserve(key, length)) {
            r.write(Unpooled.wrappedBuffer(new byte[length]));
            r.end();
            r.commit(crc);
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void digestIsOrderIndependentAndReturnsToZero() throws NoRoomException {
        ShardStore a = new ShardStore(1 << 20);
        ShardStore b = new ShardStore(1 << 20);
        for (int i = 0; i < 5; i++) {
            put(a, key(i), 10, i * 31);
            put(b, key(4 - i), 10, (4 - i) * 31);
        }
        assertThat(a.inventoryDigest()).isEqualTo(b.inventoryDigest()).isNotZero();
        for (int i = 0; i < 5; i++) {
            a.delete(key(i));
        }
        assertThat(a.inventoryDigest()).isZero();
        assertThat(a.accountedBytes()).isZero();
        assertThat(a.storedBytes()).isZero();
    }

    @Test
    void digestDependsOnTheCrc() {
        assertThat(InventoryDigest.entry(key(1), 1)).isNotEqualTo(InventoryDigest.entry(key(1), 2));
    }

    @Test
    void refusedReservationChangesNothing() throws NoRoomException {
        ShardStore store = new ShardStore(1000);
        put(store, key(1), 500, 1);
        long accounted = store.accountedBytes();
        assertThatThrownBy(() -> store.reserve(key(2), 500))
                .isInstanceOf(NoRoomException.class)
                .hasMessageContaining("500 bytes does not fit")
                .hasMessageContaining("1000 bytes bound");
        assertThat(store.accountedBytes()).isEqualTo(accounted);
        assertThat(store.shardCount()).isEqualTo(1);
    }

    @Test
    void declaredSizeBeyondAnyArrayIsRefusedBeforeAllocating() {
        ShardStore store = new ShardStore(Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> store.reserve(key(1), 1L << 40)).isInstanceOf(NoRoomException.class);
        assertThat(store.accountedBytes()).isZero();
    }

    @Test
    void abandonedReservationGivesItsRoomBack() throws NoRoomException {
        ShardStore store = new ShardStore(1000);
        ShardStore.Reservation r = store.reserve(key(1), 800);
        assertThatThrownBy(() -> store.reserve(key(2), 800)).isInstanceOf(NoRoomException.class);
        r.close();
        r.close();
        assertThat(store.accountedBytes()).isZero();
        put(store, key(2), 800, 0);
    }

    @Test
    void replacingAShardCountsOnlyTheNewOne() throws NoRoomException {
        ShardStore store = new ShardStore(10_000);
        put(store, key(1), 1000, 1);
        put(store, key(1), 2000, 2);
        assertThat(store.shardCount()).isEqualTo(1);
        assertThat(store.storedBytes()).isEqualTo(2000);
        assertThat(store.inventoryDigest()).isEqualTo(InventoryDigest.entry(key(1), 2));
        assertThat(store.get(key(1)).length()).isEqualTo(2000);
        assertThat(store.allocatedBytes()).isEqualTo(2000);
    }

    @Test
    void aHeaderDeclaringAHugeShardAllocatesNothingUntilItsBytesArrive() throws NoRoomException {
        ShardStore store = new ShardStore(4L << 30);
        long before = allocatedByThisThread();
        ShardStore.Reservation r = store.reserve(key(1), ShardStore.MAX_SHARD_BYTES);
        assertThat(allocatedByThisThread() - before)
                .as("heap allocated by a reservation of %d bytes", ShardStore.MAX_SHARD_BYTES)
                .isLessThan(64 << 10);
        assertThat(store.allocatedBytes()).isZero();
        assertThat(store.accountedBytes()).isGreaterThan(ShardStore.MAX_SHARD_BYTES);

        r.write(Unpooled.wrappedBuffer(new byte[1000]));
        assertThat(store.allocatedBytes()).isEqualTo(ShardStore.CHUNK_BYTES);
        assertThat(r.receivedBytes()).isEqualTo(1000);
        r.close();
        assertThat(store.allocatedBytes()).isZero();
        assertThat(store.accountedBytes()).isZero();
    }

    @Test
    void aShardArrivingInUnevenSegmentsIsStoredAcrossArraysAndReadBackByRange() throws NoRoomException {
        ShardStore store = new ShardStore(16 << 20);
        byte[] shard = new byte[2 * ShardStore.CHUNK_BYTES + 12_345];
        new Random(7).nextBytes(shard);
        try (ShardStore.Reservation r = store.reserve(key(1), shard.length)) {
            int at = 0;
            for (int n = 1; at < shard.length; n = n * 3 + 7) {
                int k = Math.min(n, shard.length - at);
                r.write(Unpooled.wrappedBuffer(shard, at, k));
                at += k;
            }
            r.end();
            assertThat(r.crc32c()).isEqualTo(Crc32c.of(shard));
            r.commit(r.crc32c());
        }
        ShardStore.StoredShard stored = store.get(key(1));
        assertThat(stored.chunks().length).isEqualTo(3);
        assertThat(stored.toByteArray()).isEqualTo(shard);
        int from = ShardStore.CHUNK_BYTES - 10;
        assertThat(ByteBufUtil.getBytes(stored.slice(from, 100)))
                .isEqualTo(Arrays.copyOfRange(shard, from, from + 100));
        assertThat(store.allocatedBytes()).isEqualTo(shard.length);
    }

    @Test
    void bytesPastTheDeclaredLengthAreRefused() throws NoRoomException {
        ShardStore store = new ShardStore(1 << 20);
        try (ShardStore.Reservation r = store.reserve(key(1), 10)) {
            r.write(Unpooled.wrappedBuffer(new byte[6]));
            assertThatThrownBy(() -> r.write(Unpooled.wrappedBuffer(new byte[5])))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("declared 10 bytes");
            assertThatThrownBy(r::end).isInstanceOf(MalformedMessageException.class);
        }
        assertThat(store.allocatedBytes()).isZero();
    }

    @Test
    void boundRuleTakesTheSmallerOfMemoryAndHeapBudgets() {
        NodeSettings s = NodeSettings.DEFAULTS;
        long mib = 1 << 20;
        // 1536 MB function, big heap: 1536 - 64 - 153.6 MiB
        assertThat(s.storeCapacityBytes(1536 * mib, 8192 * mib))
                .isEqualTo(1536 * mib - 64 * mib - 1536 * mib / 100 * 10);
        // heap smaller than the memory setting bounds the store
        assertThat(s.storeCapacityBytes(1536 * mib, 512 * mib)).isEqualTo(512 * mib - 16 * mib - 512 * mib / 100 * 10);
        assertThat(s.storeCapacityBytes(64 * mib, 8192 * mib)).isZero();
    }
}
