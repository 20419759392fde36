package io.mayfly.erasure;

import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path: c * x = c * (x & 0x0F) XOR c * (x & 0xF0), and each half is a lookup in a
 * 16-entry table done for a whole vector of bytes by one shuffle ({@code selectFrom}).
 *
 * <p>Only {@link CodingPath#kernel()} names this class, reflectively, after checking that the
 * {@code jdk.incubator.vector} module is present.
 */
final class VectorKernel implements CodingKernel {

    /**
     * Must be a static final constant: when the species reached the loop as a value, C2 could not
     * intrinsify the shuffles and the kernel ran 4-6x slower than scalar (measured when the kernel was written).
     * 256-bit where the CPU has it (AVX2), else 128-bit (SSSE3 / NEON).
     */
    private static final VectorSpecies<Byte> SPECIES = pickSpecies();

    private static final int LANES = SPECIES.length();

    /** Per coefficient c: c * t and c * (t << 4) for t = 0..15, repeated to fill a vector. */
    private static final byte[][] LOW = new byte[256][LANES];

    private static final byte[][] HIGH = new byte[256][LANES];

    private static final byte[][] MUL = GaloisField.MUL;

    static {
        for (int c = 0; c < 256; c++) {
            for (int lane = 0; lane < LANES; lane++) {
                int t = lane & 0x0F;
                LOW[c][lane] = MUL[c][t];
                HIGH[c][lane] = MUL[c][t << 4];
            }
        }
    }

    private static VectorSpecies<Byte> pickSpecies() {
        return ByteVector.SPECIES_PREFERRED.length() >= 32 ? ByteVector.SPECIES_256 : ByteVector.SPECIES_128;
    }

    @Override
    public CodingPath path() {
        return CodingPath.VECTOR;
    }

    @Override
    public void code(
            CodingMatrix coding,
            byte[][] inputs,
            int[] inputOffsets,
            byte[][] outputs,
            int[] outputOffsets,
            int length) {
        byte[][] matrix = coding.rows();
        int rows = outputs.length;
        int cols = inputs.length;
        for (int start = 0; start < length; start += CHUNK_BYTES) {
            int n = Math.min(CHUNK_BYTES, length - start);
            int j = 0;
            for (; j + 1 < rows; j += 2) {
                byte[] out0 = outputs[j];
                byte[] out1 = outputs[j + 1];
                int at0 = outputOffsets[j] + start;
                int at1 = outputOffsets[j + 1] + start;
                for (int i = 0; i < cols; i++) {
                    int c0 = matrix[j][i] & 0xFF;
                    int c1 = matrix[j + 1][i] & 0xFF;
                    mulAdd2(i == 0, c0, c1, inputs[i], inputOffsets[i] + start, out0, at0, out1, at1, n);
                }
            }
            if (j < rows) {
                byte[] out = outputs[j];
                int at = outputOffsets[j] + start;
                for (int i = 0; i < cols; i++) {
                    mulAdd1(i == 0, matrix[j][i] & 0xFF, inputs[i], inputOffsets[i] + start, out, at, n);
                }
            }
        }
    }

    /** out0 (^)= c0 * in and out1 (^)= c1 * in over n bytes; {@code first} overwrites instead of adding. */
    private static void mulAdd2(
            boolean first, int c0, int c1, byte[] in, int from, byte[] out0, int at0, byte[] out1, int at1, int n) {
        ByteVector low0 = ByteVector.fromArray(SPECIES, LOW[c0], 0);
        ByteVector high0 = ByteVector.fromArray(SPECIES, HIGH[c0], 0);
        ByteVector low1 = ByteVector.fromArray(SPECIES, LOW[c1], 0);
        ByteVector high1 = ByteVector.fromArray(SPECIES, HIGH[c1], 0);
        int bound = SPECIES.loopBound(n);
        int p = 0;
        if (first) {
            for (; p < bound; p += LANES) {
                ByteVector x = ByteVector.fromArray(SPECIES, in, from + p);
                ByteVector lo = x.and((byte) 0x0F);
                ByteVector hi = highNibbles(x);
                lo.selectFrom(low0)
                        .lanewise(VectorOperators.XOR, hi.selectFrom(high0))
                        .intoArray(out0, at0 + p);
                lo.selectFrom(low1)
                        .lanewise(VectorOperators.XOR, hi.selectFrom(high1))
                        .intoArray(out1, at1 + p);
            }
            byte[] mul0 = MUL[c0];
            byte[] mul1 = MUL[c1];
            for (; p < n; p++) {
                int x = in[from + p] & 0xFF;
                out0[at0 + p] = mul0[x];
                out1[at1 + p] = mul1[x];
            }
        } else {
            for (; p < bound; p += LANES) {
                ByteVector x = ByteVector.fromArray(SPECIES, in, from + p);
                ByteVector lo = x.and((byte) 0x0F);
                ByteVector hi = highNibbles(x);
                ByteVector y0 = lo.selectFrom(low0).lanewise(VectorOperators.XOR, hi.selectFrom(high0));
                ByteVector y1 = lo.selectFrom(low1).lanewise(VectorOperators.XOR, hi.selectFrom(high1));
                ByteVector.fromArray(SPECIES, out0, at0 + p)
                        .lanewise(VectorOperators.XOR, y0)
                        .intoArray(out0, at0 + p);
                ByteVector.fromArray(SPECIES, out1, at1 + p)
                        .lanewise(VectorOperators.XOR, y1)
                        .intoArray(out1, at1 + p);
            }
            byte[] mul0 = MUL[c0];
            byte[] mul1 = MUL[c1];
            for (; p < n; p++) {
                int x = in[from + p] & 0xFF;
                out0[at0 + p] ^= mul0[x];
                out1[at1 + p] ^= mul1[x];
            }
        }
    }

    private static void mulAdd1(boolean first, int c, byte[] in, int from, byte[] out, int at, int n) {
        ByteVector low = ByteVector.fromArray(SPECIES, LOW[c], 0);
        ByteVector high = ByteVector.fromArray(SPECIES, HIGH[c], 0);
        int bound = SPECIES.loopBound(n);
        int p = 0;
        if (first) {
            for (; p < bound; p += LANES) {
                ByteVector x = ByteVector.fromArray(SPECIES, in, from + p);
                x.and((byte) 0x0F)
                        .selectFrom(low)
                        .lanewise(VectorOperators.XOR, highNibbles(x).selectFrom(high))
                        .intoArray(out, at + p);
            }
            byte[] mul = MUL[c];
            for (; p < n; p++) {
                out[at + p] = mul[in[from + p] & 0xFF];
            }
        } else {
            for (; p < bound; p += LANES) {
                ByteVector x = ByteVector.fromArray(SPECIES, in, from + p);
                ByteVector y = x.and((byte) 0x0F)
                        .selectFrom(low)
                        .lanewise(VectorOperators.XOR, highNibbles(x).selectFrom(high));
                ByteVector.fromArray(SPECIES, out, at + p)
                        .lanewise(VectorOperators.XOR, y)
                        .intoArray(out, at + p);
            }
            byte[] mul = MUL[c];
            for (; p < n; p++) {
                out[at + p] ^= mul[in[from + p] & 0xFF];
            }
        }
    }

    /**
     * x >>> 4 per byte. x86 has no byte shift, so shift 32-bit lanes (one instruction) and mask
     * off the bits that crossed in from the neighbouring byte.
     */
    private static ByteVector highNibbles(ByteVector x) {
        return x.reinterpretAsInts()
                .lanewise(VectorOperators.LSHR, 4)
                .reinterpretAsBytes()
                .and((byte) 0x0F);
    }

    /**
     * Buffers are coded through the array kernel: heap buffers in place, others a chunk at a time
     * through scratch arrays. The Vector API's ByteBuffer loads changed between JDK releases (gone
     * by JDK 25), while array loads are the same on every release this codec runs on.
     */
    @Override
    public void code(CodingMatrix coding, ByteBuffer[] inputs, ByteBuffer[] outputs, int length) {
        if (allHeap(inputs) && allHeap(outputs)) {
            code(coding, arrays(inputs), offsets(inputs), arrays(outputs), offsets(outputs), length);
            return;
        }
        int chunk = Math.min(CHUNK_BYTES, length);
        byte[][] in = new byte[inputs.length][chunk];
        byte[][] out = new byte[outputs.length][chunk];
        int[] inAt = new int[inputs.length];
        int[] outAt = new int[outputs.length];
        for (int start = 0; start < length; start += CHUNK_BYTES) {
            int n = Math.min(CHUNK_BYTES, length - start);
            for (int i = 0; i < inputs.length; i++) {
                inputs[i].get(inputs[i].position() + start, in[i], 0, n);
            }
            code(coding, in, inAt, out, outAt, n);
            for (int j = 0; j < outputs.length; j++) {
                outputs[j].put(outputs[j].position() + start, out[j], 0, n);
            }
        }
    }

    private static boolean allHeap(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (!buffer.hasArray()) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] arrays(ByteBuffer[] buffers) {
        byte[][] arrays = new byte[buffers.length][];
        for (int i = 0; i < buffers.length; i++) {
            arrays[i] = buffers[i].array();
        }
        return arrays;
    }

    private static int[] offsets(ByteBuffer[] buffers) {
        int[] offsets = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            offsets[i] = buffers[i].arrayOffset() + buffers[i].position();
        }
        return offsets;
    }
}
