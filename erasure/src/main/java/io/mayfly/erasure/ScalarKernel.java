package io.mayfly.erasure;

import java.nio.ByteBuffer;

/**
 * The portable path: one lookup in a 64 KiB product table per byte and coefficient. Output rows
 * are computed two at a time so each input byte is loaded once for both.
 */
final class ScalarKernel implements CodingKernel {

    static final ScalarKernel INSTANCE = new ScalarKernel();

    private static final byte[][] MUL = GaloisField.MUL;

    private ScalarKernel() {
    }

    @Override
    public CodingPath path() {
        return CodingPath.SCALAR;
    }

    @Override
    public void code(byte[][] matrix, byte[][] inputs, int[] inputOffsets,
                     byte[][] outputs, int[] outputOffsets, int length) {
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
                    byte[] mul0 = MUL[matrix[j][i] & 0xFF];
                    byte[] mul1 = MUL[matrix[j + 1][i] & 0xFF];
                    if (i == 0) {
                        set2(mul0, mul1, inputs[i], inputOffsets[i] + start, out0, at0, out1, at1, n);
                    } else {
                        add2(mul0, mul1, inputs[i], inputOffsets[i] + start, out0, at0, out1, at1, n);
                    }
                }
            }
            if (j < rows) {
                byte[] out = outputs[j];
                int at = outputOffsets[j] + start;
                for (int i = 0; i < cols; i++) {
                    byte[] mul = MUL[matrix[j][i] & 0xFF];
                    if (i == 0) {
                        set1(mul, inputs[i], inputOffsets[i] + start, out, at, n);
                    } else {
                        add1(mul, inputs[i], inputOffsets[i] + start, out, at, n);
                    }
                }
            }
        }
    }

    private static void set2(byte[] mul0, byte[] mul1, byte[] in, int from,
                             byte[] out0, int at0, byte[] out1, int at1, int n) {
        for (int p = 0; p < n; p++) {
            int x = in[from + p] & 0xFF;
            out0[at0 + p] = mul0[x];
            out1[at1 + p] = mul1[x];
        }
    }

    private static void add2(byte[] mul0, byte[] mul1, byte[] in, int from,
                             byte[] out0, int at0, byte[] out1, int at1, int n) {
        for (int p = 0; p < n; p++) {
            int x = in[from + p] & 0xFF;
            out0[at0 + p] ^= mul0[x];
            out1[at1 + p] ^= mul1[x];
        }
    }

    private static void set1(byte[] mul, byte[] in, int from, byte[] out, int at, int n) {
        for (int p = 0; p < n; p++) {
            out[at + p] = mul[in[from + p] & 0xFF];
        }
    }

    private static void add1(byte[] mul, byte[] in, int from, byte[] out, int at, int n) {
        for (int p = 0; p < n; p++) {
            out[at + p] ^= mul[in[from + p] & 0xFF];
        }
    }

    @Override
    public void code(byte[][] matrix, ByteBuffer[] inputs, ByteBuffer[] outputs, int length) {
        int rows = outputs.length;
        int cols = inputs.length;
        for (int start = 0; start < length; start += CHUNK_BYTES) {
            int end = Math.min(length, start + CHUNK_BYTES);
            for (int j = 0; j < rows; j++) {
                ByteBuffer out = outputs[j];
                int at = out.position();
                for (int i = 0; i < cols; i++) {
                    byte[] mul = MUL[matrix[j][i] & 0xFF];
                    ByteBuffer in = inputs[i];
                    int from = in.position();
                    if (i == 0) {
                        for (int p = start; p < end; p++) {
                            out.put(at + p, mul[in.get(from + p) & 0xFF]);
                        }
                    } else {
                        for (int p = start; p < end; p++) {
                            out.put(at + p, (byte) (out.get(at + p) ^ mul[in.get(from + p) & 0xFF]));
                        }
                    }
                }
            }
        }
    }
}
