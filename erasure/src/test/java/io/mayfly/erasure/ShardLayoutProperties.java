package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import java.util.Random;

class ShardLayoutProperties {

    @PropertyTest(tries = 1000)
    void splitThenJoinGivesTheExactValue(Gen gen) {
        int k = gen.between(1, 32);
        int r = gen.between(0, 4);
        int valueLength = gen.between(0, 500);
        long seed = gen.anyLong();
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

    @PropertyTest(tries = 1000)
    void wholeValueSurvivesUpToRLostShards(Gen gen) {
        int k = gen.between(1, 16);
        int r = gen.between(0, 5);
        int valueLength = gen.between(0, 400);
        long seed = gen.anyLong();
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
    @PropertyTest(tries = 1000)
    void decodeWithAllDataShardsOnlyConcatenates(Gen gen) {
        int k = gen.between(1, 16);
        int r = gen.between(1, 5);
        int valueLength = gen.between(0, 400);
        long seed = gen.anyLong();
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
