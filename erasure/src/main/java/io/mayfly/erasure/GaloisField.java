package io.mayfly.erasure;

/**
 * Arithmetic in GF(2^8) with the field polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field of
 * klauspost/reedsolomon and Backblaze JavaReedSolomon, so shards are interchangeable with theirs.
 */
final class GaloisField {

    static final int POLYNOMIAL = 0x11D;

    private static final short[] LOG = new short[256];
    private static final byte[] EXP = new byte[510];
    /** Full product table: row c is "multiply by c", 64 KiB, the scalar path's lookup. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            EXP[i + 255] = (byte) x;
            LOG[x] = (short) i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (a == 0 || b == 0) ? 0 : EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private GaloisField() {}

    static int multiply(int a, int b) {
        return MUL[a & 0xFF][b & 0xFF] & 0xFF;
    }

    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]] & 0xFF;
    }

    /** a^n with 0^0 = 1, as the Vandermonde construction requires. */
    static int power(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a] * n) % 255] & 0xFF;
    }

    /** The product of two matrices given as rows of field elements. */
    static byte[][] multiply(byte[][] left, byte[][] right) {
        int rows = left.length;
        int inner = right.length;
        int cols = right[0].length;
        byte[][] product = new byte[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int sum = 0;
                for (int t = 0; t < inner; t++) {
                    sum ^= multiply(left[i][t], right[t][j]);
                }
                product[i][j] = (byte) sum;
            }
        }
        return product;
    }

    /** The inverse of a square matrix by Gauss-Jordan elimination; the argument is not changed. */
    static byte[][] invert(byte[][] square) {
        int n = square.length;
        byte[][] work = new byte[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(square[i], 0, work[i], 0, n);
            work[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("matrix is singular");
            }
            byte[] swap = work[pivot];
            work[pivot] = work[col];
            work[col] = swap;
            int scale = inverse(work[col][col] & 0xFF);
            byte[] pivotRow = work[col];
            for (int j = 0; j < 2 * n; j++) {
                pivotRow[j] = (byte) multiply(pivotRow[j], scale);
            }
            for (int row = 0; row < n; row++) {
                int factor = work[row][col] & 0xFF;
                if (row != col && factor != 0) {
                    byte[] target = work[row];
                    byte[] mul = MUL[factor];
                    for (int j = 0; j < 2 * n; j++) {
                        target[j] ^= mul[pivotRow[j] & 0xFF];
                    }
                }
            }
        }
        byte[][] inverse = new byte[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(work[i], n, inverse[i], 0, n);
        }
        return inverse;
    }
}
