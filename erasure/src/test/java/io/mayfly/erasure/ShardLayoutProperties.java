package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShardLayoutProperties {

    @Property(tries = 1000)
    void splitThenJoinGivesTheExactValue(
            @ForAll @IntRange(min = 1, max = 32) int k,
            @ForAll @IntRange(min = 0, max = 4) int r,
            @ForAll @IntRange(min = 0, max = 500) int valueLength,
            @ForAll long seed) {
        byte[] value = new byte[valueLength];
        new Random(seed).nextBytes(value);
        ShardLayout layout = ShardLayout.of(k, valueLength);

        byte[][] shards = layout.split(value, r);

        assertThat(shards).hasNumberOfRows(k + r);
        assertThat(layout.shardLength()).isEqualTo((valueLength + k - 1) / k);
        for (byte[] shard : shards) {
            assertThat(shard).hasSize(layout.shardLength());
        }
        assertThat((long) k * layout.shardLength()).isGreaterThanOrEqualTo(valueLength);
        assertThat(layout.join(shards)).isEqualTo(value);
    }

    @Property(tries = 1000)
    void wholeValueSurvivesUpToRLostShards(
            @ForAll @IntRange(min = 1, max = 16) int k,
            @ForAll @IntRange(min = 0, max = 5) int r,
            @ForAll @IntRange(min = 0, max = 400) int valueLength,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] value = new byte[valueLength];
        random.nextBytes(value);
        ReedSolomon codec = ReedSolomon.of(k, r);
        byte[][] shards = codec.encode(value);
        boolean[] present = ReedSolomonProperties.erase(random, k + r, random.nextInt(r + 1));
        for (int i = 0; i < k + r; i++) {
            if (!present[i]) {
                shards[i] = null;
            }
        }
        assertThat(codec.decode(shards, present, valueLength)).isEqualTo(value);
    }

    /** With every data shard at hand, a get must not need parity at all: it only concatenates. */
    @Property(tries = 1000)
    void decodeWithAllDataShardsOnlyConcatenates(
            @ForAll @IntRange(min = 1, max = 16) int k,
            @ForAll @IntRange(min = 1, max = 5) int r,
            @ForAll @IntRange(min = 0, max = 400) int valueLength,
            @ForAll long seed) {
        byte[] value = new byte[valueLength];
        new Random(seed).nextBytes(value);
        ReedSolomon codec = ReedSolomon.of(k, r);
        byte[][] shards = codec.encode(value);
        boolean[] present = new boolean[k + r];
        for (int i = 0; i < k + r; i++) {
            present[i] = i < k;
            if (i >= k) {
                shards[i] = null;
            }
        }
        assertThat(codec.decode(shards, present, valueLength)).isEqualTo(value);
        for (int i = k; i < k + r; i++) {
            assertThat(shards[i]).as("parity shard %d stays untouched", i).isNull();
        }
    }
}
