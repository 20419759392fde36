package io.mayfly.erasure;

import java.nio.ByteBuffer;

/**
 * Multiplies a coding matrix by a set of shard slices: output j becomes the GF(2^8) sum over i of
 * {@code matrix[j][i] * input i}. Both implementations produce identical bytes; they differ only
 * in speed. Implementations are thread-safe.
 */
interface CodingKernel {

    /**
     * Bytes per pass over the matrix. The inputs of one chunk stay in L1/L2 while every output row
     * of that chunk is computed, so a shard is read from memory once and not once per parity row.
     */
    int CHUNK_BYTES = 16 * 1024;

    /** Arrays with a start offset per shard; {@code length} bytes from each. */
    void code(
            CodingMatrix matrix,
            byte[][] inputs,
            int[] inputOffsets,
            byte[][] outputs,
            int[] outputOffsets,
            int length);

    /** Buffers (heap, direct or read-only inputs), each read from its own position; positions are not moved. */
    void code(CodingMatrix matrix, ByteBuffer[] inputs, ByteBuffer[] outputs, int length);

    /** The path this kernel was chosen as: SCALAR, VECTOR, or AUTO for the one that switches. */
    CodingPath path();

    /** The kernel a call made now would run on: SCALAR or VECTOR. */
    default CodingPath activePath() {
        return path();
    }
}
