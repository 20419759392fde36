package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random codes, lengths, offsets and erasure patterns. Shards are kept small so 1000 tries run in
 * well under a second each; lengths still cross the vector width and the 8-byte scalar step.
 */
class ReedSolomonProperties {

    @PropertyTest(tries = 1000)
    void reconstructionReturnsTheOriginalShards(Gen gen) {
        int k = gen.between(1, 24);
        int r = gen.between(0, 8);
        int length = gen.between(0, 150);
        int offset = gen.between(0, 9);
        boolean vector = gen.bool();
        long seed = gen.anyLong();
        Random random = new Random(seed);
        ReedSolomon codec = ReedSolomon.of(k, r, vector ? CodingPath.VECTOR : CodingPath.SCALAR);
        byte[][] shards = randomShards(random, k + r, offset + length + random.nextInt(3));
        codec.encodeParity(shards, offset, length);
        assertThat(codec.verifyParity(shards, offset, length)).isTrue();
        byte[][] original = deepCopy(shards);

        boolean[] present = erase(random, k + r, random.nextInt(r + 1));
        for (int i = 0; i < k + r; i++) {
            if (!present[i]) {
                if (random.nextBoolean()) {
                    shards[i] = null;
                } else {
                    random.nextBytes(shards[i]);
                }
            }
        }
        codec.reconstruct(shards, present, offset, length);

        for (int i = 0; i < k + r; i++) {
            assertThat(Arrays.copyOfRange(shards[i], offset, offset + length))
                    .as("shard %d of RS(%d+%d), present %s", i, k, r, Arrays.toString(present))
                    .isEqualTo(Arrays.copyOfRange(original[i], offset, offset + length));
        }
    }

    @PropertyTest(tries = 1000)
    void bufferSlicesReconstructLikeArrays(Gen gen) {
        int k = gen.between(1, 16);
        int r = gen.between(1, 6);
        int length = gen.between(0, 150);
        int position = gen.between(0, 5);
        boolean direct = gen.bool();
        boolean vector = gen.bool();
        long seed = gen.anyLong();
        Random random = new Random(seed);
        ReedSolomon codec = ReedSolomon.of(k, r, vector ? CodingPath.VECTOR : CodingPath.SCALAR);
        byte[][] expected = randomShards(random, k + r, length);
        codec.encodeParity(expected, 0, length);

        ByteBuffer[] buffers = new ByteBuffer[k + r];
        for (int i = 0; i < k + r; i++) {
            ByteBuffer buffer =
                    direct ? ByteBuffer.allocateDirect(position + length) : ByteBuffer.allocate(position + length);
            buffer.position(position);
            buffer.put(position, i < k ? expected[i] : new byte[length]);
            buffers[i] = buffer;
        }
        codec.encodeParity(buffers, length);
        assertThat(codec.verifyParity(buffers, length)).isTrue();
        boolean[] present = erase(random, k + r, 1 + random.nextInt(r));
        for (int i = 0; i < k + r; i++) {
            if (!present[i]) {
                buffers[i].put(position, new byte[length]);
            }
        }
        codec.reconstruct(buffers, present, length);

        for (int i = 0; i < k + r; i++) {
            assertThat(buffers[i].position()).isEqualTo(position);
            byte[] actual = new byte[length];
            buffers[i].get(position, actual);
            assertThat(actual).as("shard %d", i).isEqualTo(expected[i]);
        }
    }

    @PropertyTest(tries = 1000)
    void vectorAndScalarPathsGiveIdenticalParity(Gen gen) {
        int k = gen.between(1, 40);
        int r = gen.between(1, 10);
        int length = gen.between(0, 300);
        long seed = gen.anyLong();
        assertThat(CodingPath.VECTOR.isAvailable())
                .as("tests must run with --add-modules jdk.incubator.vector (surefire argLine)")
                .isTrue();
        Random random = new Random(seed);
        byte[][] scalar = randomShards(random, k + r, length);
        byte[][] vector = deepCopy(scalar);
        ReedSolomon.of(k, r, CodingPath.SCALAR).encodeParity(scalar, 0, length);
        ReedSolomon.of(k, r, CodingPath.VECTOR).encodeParity(vector, 0, length);
        assertThat(vector).isDeepEqualTo(scalar);

        // And the same again from direct buffers, which take the vector path's buffer loop.
        ByteBuffer[] buffers = new ByteBuffer[k + r];
        for (int i = 0; i < k + r; i++) {
            buffers[i] = ByteBuffer.allocateDirect(length).put(0, scalar[i]);
            if (i >= k) {
                buffers[i].put(0, new byte[length]);
            }
        }
        ReedSolomon.of(k, r, CodingPath.VECTOR).encodeParity(buffers, length);
        for (int j = k; j < k + r; j++) {
            byte[] parity = new byte[length];
            buffers[j].get(0, parity);
            assertThat(parity).isEqualTo(scalar[j]);
        }
    }

    @PropertyTest(tries = 1000)
    void fastCodecAgreesWithReference(Gen gen) {
        int k = gen.between(1, 20);
        int r = gen.between(1, 6);
        int length = gen.between(1, 40);
        boolean vector = gen.bool();
        long seed = gen.anyLong();
        Random random = new Random(seed);
        byte[][] shards = randomShards(random, k + r, length);
        ReedSolomon.of(k, r, vector ? CodingPath.VECTOR : CodingPath.SCALAR).encodeParity(shards, 0, length);
        byte[][] parity = ReferenceCodec.parity(Arrays.copyOf(shards, k), r);
        assertThat(Arrays.copyOfRange(shards, k, k + r)).isDeepEqualTo(parity);
    }

    @PropertyTest(tries = 1000)
    void corruptedParityFailsVerification(Gen gen) {
        int k = gen.between(1, 16);
        int r = gen.between(1, 4);
        int length = gen.between(1, 100);
        long seed = gen.anyLong();
        Random random = new Random(seed);
        ReedSolomon codec = ReedSolomon.of(k, r);
        byte[][] shards = randomShards(random, k + r, length);
        codec.encodeParity(shards, 0, length);
        shards[random.nextInt(k + r)][random.nextInt(length)] ^= (byte) (1 + random.nextInt(255));
        assertThat(codec.verifyParity(shards, 0, length)).isFalse();
    }

    @PropertyTest(tries = 1000)
    void moreThanRMissingNamesTheCounts(Gen gen) {
        int k = gen.between(1, 20);
        int r = gen.between(0, 6);
        long seed = gen.anyLong();
        Random random = new Random(seed);
        int missing = r + 1 + random.nextInt(k);
        ReedSolomon codec = ReedSolomon.of(k, r);
        byte[][] shards = randomShards(random, k + r, 4);
        boolean[] present = erase(random, k + r, missing);

        assertThatThrownBy(() -> codec.reconstruct(shards, present, 0, 4))
                .isInstanceOf(TooFewShardsException.class)
                .hasMessageStartingWith(missing + " of " + (k + r) + " shards missing; RS(" + k + "+" + r
                        + ") can rebuild at most " + r)
                .satisfies(
                        e -> assertThat(((TooFewShardsException) e).missing()).isEqualTo(missing));
    }

    static byte[][] randomShards(Random random, int count, int length) {
        byte[][] shards = new byte[count][length];
        for (byte[] shard : shards) {
            random.nextBytes(shard);
        }
        return shards;
    }

    static byte[][] deepCopy(byte[][] shards) {
        byte[][] copy = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            copy[i] = shards[i].clone();
        }
        return copy;
    }

    /** Presence flags with exactly {@code missing} of {@code total} shards cleared at random. */
    static boolean[] erase(Random random, int total, int missing) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, random);
        boolean[] present = new boolean[total];
        Arrays.fill(present, true);
        for (int i = 0; i < missing; i++) {
            present[indices.get(i)] = false;
        }
        return present;
    }
}
