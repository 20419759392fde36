package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pinned key spaces over an embedded proxy: never evicted, and bounded by pinned-max-bytes. */
class PinnedValuesTest {

    private ObjectStore store;

    @BeforeEach
    void openSmallPool() {
        // 3 nodes of 128 MB hold 16 MiB of shards each: 48 MiB in all; a 64 KiB small tier.
        store = new ProxyStoreFactory()
                .open(Map.of(
                        "mayfly.embedded.pool-size", "3",
                        "mayfly.embedded.function-memory-mb", "128",
                        "mayfly.embedded.small-tier-capacity-bytes", "65536",
                        "mayfly.embedded.pinned-max-bytes", Long.toString(4L << 20),
                        "mayfly.data-shards", "2",
                        "mayfly.parity-shards", "1",
                        "mayfly.operation-timeout-ms", "30000"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pinnedErasureCodedValuesSurviveAFloodThatEvictsEveryOtherValue() {
        CodingSettings erasure = new CodingSettings(2, 1, 0, 1L << 30);
        KeySpace pinned = store.keySpace("pinned", erasure.withPinned(true));
        KeySpace flood = store.keySpace("flood", erasure);
        byte[] kept = bytes(1 << 20, 1);
        pinned.put(key(0), kept, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        pinned.put(key(1), kept, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        // 40 values of 1.5 MiB stored (with parity) against 48 MiB of pool: a quarter must go.
        byte[] filler = bytes(1 << 20, 2);
        for (int i = 0; i < 40; i++) {
            flood.put(key(i), filler, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        }
        assertThat(flood.get(key(0))).as("the first flood value was evicted").isNull();
        assertThat(pinned.get(key(0)).value()).isEqualTo(kept);
        assertThat(pinned.get(key(1)).value()).isEqualTo(kept);
    }

    @Test
    void pinnedInlineValuesSurviveAFloodOfTheSmallTier() {
        CodingSettings inline = new CodingSettings(2, 1, 1 << 20, 1L << 30);
        KeySpace pinned = store.keySpace("pinned-small", inline.withPinned(true));
        KeySpace flood = store.keySpace("flood-small", inline);
        for (int i = 0; i < 8; i++) {
            pinned.put(key(i), bytes(1024, i), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        }
        for (int i = 0; i < 500; i++) {
            flood.put(key(i), bytes(1024, 100), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        }
        assertThat(flood.get(key(0))).isNull();
        for (int i = 0; i < 8; i++) {
            assertThat(pinned.get(key(i)).value()).isEqualTo(bytes(1024, i));
        }
    }

    @Test
    void aPinnedPutPastPinnedMaxBytesIsRefusedNamingTheSetting() {
        KeySpace pinned = store.keySpace("pinned-bound", new CodingSettings(2, 1, 0, 1L << 30).withPinned(true));
        byte[] value = bytes(1 << 20, 3); // 1.5 MiB with parity: two fit under 4 MiB, a third does not
        pinned.put(key(0), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        pinned.put(key(1), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        assertThatThrownBy(() -> pinned.put(key(2), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("NO_ROOM")
                .hasMessageContaining("pinned-max-bytes");
        // A delete returns its bytes: the third fits now, and unpinned puts were never affected.
        pinned.remove(key(0), KeySpace.ANY_VERSION);
        pinned.put(key(2), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        assertThat(pinned.get(key(2)).value()).isEqualTo(value);
        store.keySpace("unpinned", new CodingSettings(2, 1, 0, 1L << 30))
                .put(key(0), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
    }

    private static byte[] key(int i) {
        return ("k" + i).getBytes();
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
