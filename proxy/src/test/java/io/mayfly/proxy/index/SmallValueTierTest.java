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
}
