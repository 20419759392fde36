package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReedSolomonTest {

    @ParameterizedTest
    @CsvSource({"1, 0", "1, 255", "255, 1", "128, 128", "200, 56"})
    void widestCodesRebuildTheirLastShards(int k, int r) {
        Random random = new Random(k * 1000L + r);
        ReedSolomon codec = ReedSolomon.of(k, r);
        byte[][] shards = ReedSolomonProperties.randomShards(random, k + r, 37);
        codec.encodeParity(shards, 0, 37);
        byte[][] original = ReedSolomonProperties.deepCopy(shards);
        boolean[] present = ReedSolomonProperties.erase(random, k + r, r);
        for (int i = 0; i < k + r; i++) {
            if (!present[i]) {
                shards[i] = null;
            }
        }
        codec.reconstruct(shards, present, 0, 37);
        assertThat(shards).isDeepEqualTo(original);
    }

    @Test
    void encodingMatrixIsSystematic() {
        ReedSolomon codec = ReedSolomon.of(10, 2);
        for (int row = 0; row < 10; row++) {
            for (int col = 0; col < 10; col++) {
                assertThat(codec.coefficient(row, col)).isEqualTo(row == col ? 1 : 0);
            }
        }
    }

    @Test
    void rejectsCodesGf256CannotHold() {
        assertThatThrownBy(() -> ReedSolomon.of(250, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RS(250+7) has 257 shards; GF(2^8) allows at most 256");
        assertThatThrownBy(() -> ReedSolomon.of(0, 2)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ReedSolomon.of(3, -1)).hasMessageContaining("must not be negative");
    }

    @Test
    void tooManyMissingMessageNamesTheCounts() {
        ReedSolomon codec = ReedSolomon.of(10, 2);
        boolean[] present = new boolean[12];
        java.util.Arrays.fill(present, true);
        present[0] = false;
        present[4] = false;
        present[11] = false;
        assertThatThrownBy(() -> codec.reconstruct(new byte[12][8], present, 0, 8))
                .isInstanceOf(TooFewShardsException.class)
                .hasMessage("3 of 12 shards missing; RS(10+2) can rebuild at most 2 (fetch at least 10 shards)");
    }

    @Test
    void shortShardIsRejectedWithItsSize() {
        ReedSolomon codec = ReedSolomon.of(2, 1);
        byte[][] shards = {new byte[8], new byte[5], new byte[8]};
        assertThatThrownBy(() -> codec.encodeParity(shards, 2, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shard 1 has 5 bytes; the slice at 2 of 6 bytes needs 8");
    }

    @Test
    void forcedScalarPathIsHonoured() {
        assertThat(ReedSolomon.of(4, 2, CodingPath.SCALAR).path()).isEqualTo(CodingPath.SCALAR);
        assertThat(ReedSolomon.of(4, 2, CodingPath.VECTOR).path()).isEqualTo(CodingPath.VECTOR);
        assertThat(ReedSolomon.of(4, 2, CodingPath.AUTO).path()).isEqualTo(CodingPath.AUTO);
    }

    @Test
    void largeShardsCrossChunkBoundaries() {
        int length = 3 * CodingKernel.CHUNK_BYTES + 13;
        Random random = new Random(7);
        byte[][] scalar = ReedSolomonProperties.randomShards(random, 13, length);
        byte[][] vector = ReedSolomonProperties.deepCopy(scalar);
        ReedSolomon.of(10, 3, CodingPath.SCALAR).encodeParity(scalar, 0, length);
        ReedSolomon.of(10, 3, CodingPath.VECTOR).encodeParity(vector, 0, length);
        assertThat(vector).isDeepEqualTo(scalar);
        assertThat(ReedSolomon.of(10, 3, CodingPath.SCALAR).verifyParity(vector, 0, length))
                .isTrue();
    }
}
