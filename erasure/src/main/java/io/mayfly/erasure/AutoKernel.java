package io.mayfly.erasure;

import java.nio.ByteBuffer;

/**
 * The {@link CodingPath#AUTO} kernel: each call runs on the scalar kernel until its
 * {@link VectorWarmup} has a warm vector kernel, and on that from then on. The choice is one
 * volatile read per call; the first call starts the warm-up.
 */
final class AutoKernel implements CodingKernel {

    private final VectorWarmup warmup;

    AutoKernel(VectorWarmup warmup) {
        this.warmup = warmup;
    }

    /** The kernel every AUTO codec of this class loader shares; nothing starts until its first call. */
    static AutoKernel shared() {
        return Shared.KERNEL;
    }

    private static final class Shared {
        static final AutoKernel KERNEL = new AutoKernel(new VectorWarmup(VectorWarmup::daemonThread));
    }

    VectorWarmup warmup() {
        return warmup;
    }

    private CodingKernel current() {
        CodingKernel vector = warmup.warmKernel();
        if (vector != null) {
            return vector;
        }
        warmup.start();
        return ScalarKernel.INSTANCE;
    }

    @Override
    public void code(
            CodingMatrix matrix,
            byte[][] inputs,
            int[] inputOffsets,
            byte[][] outputs,
            int[] outputOffsets,
            int length) {
        current().code(matrix, inputs, inputOffsets, outputs, outputOffsets, length);
    }

    @Override
    public void code(CodingMatrix matrix, ByteBuffer[] inputs, ByteBuffer[] outputs, int length) {
        current().code(matrix, inputs, outputs, length);
    }

    @Override
    public CodingPath path() {
        return CodingPath.AUTO;
    }

    @Override
    public CodingPath activePath() {
        return warmup.warmKernel() != null ? CodingPath.VECTOR : CodingPath.SCALAR;
    }
}
