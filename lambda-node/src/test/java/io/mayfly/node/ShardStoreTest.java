package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.checksum.InventoryDigest;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import org.junit.jupiter.api.Test;

class ShardStoreTest {

    private static ShardKey key(int i) {
        return new ShardKey("s", Bytes.copyOf(new byte[] {(byte) i}), 1, i);
    }

    private static void put(ShardStore store, ShardKey key, int length, int crc) throws NoRoomException {
        try (ShardStore.Reservation r = store.reserve(key, length)) {
            r.commit(crc);
        }
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
        assertThat(store.get(key(1)).bytes()).hasSize(2000);
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
