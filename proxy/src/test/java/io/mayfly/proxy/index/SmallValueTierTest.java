package io.mayfly.proxy.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallValueTierTest {

    private static ObjectKey key(int i) {
        return ObjectKey.of("s", new byte[] {(byte) i});
    }

    @Test
    void staysWithinItsBytesEvictingLeastRecentlyUsed() {
        SmallValueTier tier = new SmallValueTier(100);
        tier.put(key(1), 1, new byte[40]);
        tier.put(key(2), 2, new byte[40]);
        assertThat(tier.get(key(1), 1)).isNotNull();
        var evicted = tier.put(key(3), 3, new byte[40]);
        assertThat(evicted).containsExactly(new SmallValueTier.Evicted(key(2), 2));
        assertThat(tier.usedBytes()).isEqualTo(80);
        assertThat(tier.get(key(2), 2)).isNull();
    }

    @Test
    void versionsOfOneKeyAreSeparate() {
        SmallValueTier tier = new SmallValueTier(100);
        tier.put(key(1), 1, new byte[] {1});
        tier.put(key(1), 2, new byte[] {2});
        assertThat(tier.get(key(1), 1)).containsExactly(1);
        tier.remove(key(1), 1);
        assertThat(tier.get(key(1), 2)).containsExactly(2);
        assertThat(tier.usedBytes()).isEqualTo(1);
    }

    @Test
    void aValueLargerThanTheTierIsRefusedAsItsOwnEviction() {
        SmallValueTier tier = new SmallValueTier(10);
        assertThat(tier.put(key(1), 1, new byte[11])).containsExactly(new SmallValueTier.Evicted(key(1), 1));
        assertThat(tier.size()).isZero();
    }

    @Test
    void evictionSkipsPinnedValuesWhichStillCountAgainstCapacity() {
        SmallValueTier tier = new SmallValueTier(100);
        tier.put(key(1), 1, new byte[30], true);
        tier.put(key(2), 2, new byte[30]);
        tier.put(key(3), 3, new byte[30]);
        assertThat(tier.pinnedBytes()).isEqualTo(30);
        // Key 1 is the least recently used, but pinned: key 2 goes instead.
        assertThat(tier.put(key(4), 4, new byte[30])).containsExactly(new SmallValueTier.Evicted(key(2), 2));
        for (int i = 5; i < 50; i++) {
            tier.put(key(i), i, new byte[30]);
        }
        assertThat(tier.get(key(1), 1)).isNotNull();
        assertThat(tier.usedBytes()).isLessThanOrEqualTo(100);
    }

    @Test
    void whenOnlyPinnedValuesRemainANewValueThatDoesNotFitIsRefusedAndEvictsNothing() {
        SmallValueTier tier = new SmallValueTier(100);
        tier.put(key(1), 1, new byte[40], true);
        tier.put(key(2), 2, new byte[40], true);
        tier.put(key(3), 3, new byte[15]);
        assertThat(tier.put(key(4), 4, new byte[21])).containsExactly(new SmallValueTier.Evicted(key(4), 4));
        assertThat(tier.get(key(3), 3)).isNotNull();
        assertThat(tier.get(key(4), 4)).isNull();
        // One that fits beside the pinned bytes evicts the unpinned value as usual.
        assertThat(tier.put(key(5), 5, new byte[20])).containsExactly(new SmallValueTier.Evicted(key(3), 3));
        tier.remove(key(1), 1);
        assertThat(tier.pinnedBytes()).isEqualTo(40);
        assertThat(tier.usedBytes()).isEqualTo(60);
    }
}
