package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parity bytes checked in, so the shard format can never drift silently. The vectors were
 * computed once with {@link ReferenceCodec}; this test also asserts that reference against the
 * vectors, so both implementations have to agree with a fixed answer.
 */
class KnownAnswerTest {

    private record Vector(int k, int r, int length, List<String> parityHex) {
        /** Data byte p of shard i: a fixed, non-trivial pattern. */
        byte[][] data() {
            byte[][] data = new byte[k][length];
            for (int i = 0; i < k; i++) {
                for (int p = 0; p < length; p++) {
                    data[i][p] = (byte) (31 * i + 7 * p + 1);
                }
            }
            return data;
        }
    }

    private static final List<Vector> VECTORS = List.of(
            new Vector(4, 2, 16, List.of("f9248bd2813047e37d90e4adee875cb5", "4523aae9a06801ef3bbdc596cfb89a59")),
            new Vector(10, 2, 8, List.of("0b174524e32a0ebc", "8cb464cec271ef8e")),
            new Vector(17, 3, 8, List.of("c060defa2c73f796", "8139bd3b20f48347", "b18b9cbe01f8c8a2")),
            new Vector(1, 3, 5, List.of("01080f161d", "01080f161d", "01080f161d")),
            new Vector(5, 5, 4, List.of("c183aaa9", "79aac9f0", "85a1e8cf", "3e4c1acd", "4cf33b9e")));

    @ParameterizedTest
    @EnumSource(CodingPath.class)
    void parityMatchesCheckedInVectors(CodingPath path) {
        for (Vector vector : VECTORS) {
            ReedSolomon codec = ReedSolomon.of(vector.k(), vector.r(), path);
            byte[][] shards = new byte[vector.k() + vector.r()][];
            byte[][] data = vector.data();
            System.arraycopy(data, 0, shards, 0, vector.k());
            for (int j = 0; j < vector.r(); j++) {
                shards[vector.k() + j] = new byte[vector.length()];
            }
            codec.encodeParity(shards, 0, vector.length());
            for (int j = 0; j < vector.r(); j++) {
                assertThat(HexFormat.of().formatHex(shards[vector.k() + j]))
                        .as("RS(%d+%d) parity %d on %s", vector.k(), vector.r(), j, path)
                        .isEqualTo(vector.parityHex().get(j));
            }
        }
    }

    @Test
    void referenceImplementationReproducesTheVectors() {
        for (Vector vector : VECTORS) {
            byte[][] parity = ReferenceCodec.parity(vector.data(), vector.r());
            for (int j = 0; j < vector.r(); j++) {
                assertThat(HexFormat.of().formatHex(parity[j]))
                        .isEqualTo(vector.parityHex().get(j));
            }
        }
    }

    /** The RS(5+5) example in Backblaze JavaReedSolomon's own tests: the format is theirs. */
    @ParameterizedTest
    @EnumSource(CodingPath.class)
    void matchesBackblazeExample(CodingPath path) {
        byte[][] shards = {
            {0, 1}, {4, 5}, {2, 3}, {6, 7}, {8, 9},
            new byte[2], new byte[2], new byte[2], new byte[2], new byte[2]
        };
        ReedSolomon.of(5, 5, path).encodeParity(shards, 0, 2);
        assertThat(shards[5]).containsExactly(12, 13);
        assertThat(shards[6]).containsExactly(10, 11);
        assertThat(shards[7]).containsExactly(14, 15);
        assertThat(shards[8]).containsExactly(90, 91);
        assertThat(shards[9]).containsExactly(94, 95);
    }
}
