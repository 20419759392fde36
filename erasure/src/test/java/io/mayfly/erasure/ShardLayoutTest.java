package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardLayoutTest {

    /** Regression: with fewer bytes than shards, trailing shards start past the value's end. */
    @Test
    void valueShorterThanShardCountSplitsIntoPaddingShards() {
        ShardLayout layout = ShardLayout.of(3, 1);
        byte[][] shards = layout.split(new byte[] {42}, 2);
        assertThat(shards).isDeepEqualTo(new byte[][] {{42}, {0}, {0}, {0}, {0}});
        assertThat(layout.join(shards)).containsExactly(42);
    }

    @Test
    void emptyValueHasEmptyShards() {
        ShardLayout layout = ShardLayout.of(10, 0);
        assertThat(layout.shardLength()).isZero();
        assertThat(layout.join(layout.split(new byte[0], 2))).isEmpty();
    }
}
