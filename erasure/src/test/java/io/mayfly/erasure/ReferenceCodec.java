package io.mayfly.erasure;

/**
 * A deliberately plain Reed-Solomon encoder that shares no code with the codec: carry-less
 * multiplication bit by bit, Gaussian elimination written out, one byte at a time. It exists so
 * the known-answer vectors are not just the fast codec checking itself.
 */
final class ReferenceCodec {

    private ReferenceCodec() {}

    /** Shift-and-add multiplication reduced by x^8 + x^4 + x^3 + x^2 + 1. */
    static int mul(int a, int b) {
        int product = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>= 1;
        }
        return product;
    }

    static int pow(int a, int n) {
        int result = 1;
        for (int i = 0; i < n; i++) {
            result = mul(result, a);
        }
        return result;
    }

    /** Brute force: the b with a * b = 1. */
    static int inv(int a) {
        for (int b = 1; b < 256; b++) {
            if (mul(a, b) == 1) {
                return b;
            }
        }
        throw new ArithmeticException("no inverse of " + a);
    }

    static int[][] encodingMatrix(int k, int r) {
        int[][] v = new int[k + r][k];
        for (int i = 0; i < k + r; i++) {
            for (int j = 0; j < k; j++) {
                v[i][j] = pow(i, j);
            }
        }
        int[][] top = new int[k][k];
        for (int i = 0; i < k; i++) {
            top[i] = v[i].clone();
        }
        int[][] topInverse = invert(top);
        int[][] e = new int[k + r][k];
        for (int i = 0; i < k + r; i++) {
            for (int j = 0; j < k; j++) {
                int sum = 0;
                for (int t = 0; t < k; t++) {
                    sum ^= mul(v[i][t], topInverse[t][j]);
                }
                e[i][j] = sum;
            }
        }
        return e;
    }

    static int[][] invert(int[][] m) {
        int n = m.length;
        int[][] a = new int[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = m[i][j];
            }
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            while (a[p][c] == 0) {
                p++;
            }
            int[] t = a[p];
            a[p] = a[c];
            a[c] = t;
            int s = inv(a[c][c]);
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] = mul(a[c][j], s);
            }
            for (int i = 0; i < n; i++) {
                if (i != c) {
                    int f = a[i][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[i][j] ^= mul(f, a[c][j]);
                    }
                }
            }
        }
        int[][] result = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                result[i][j] = a[i][n + j];
            }
        }
        return result;
    }

    /** The r parity shards of {@code data} (k shards of equal length). */
    static byte[][] parity(byte[][] data, int r) {
        int k = data.length;
        int length = data[0].length;
        int[][] e = encodingMatrix(k, r);
        byte[][] parity = new byte[r][length];
        for (int j = 0; j < r; j++) {
            for (int p = 0; p < length; p++) {
                int sum = 0;
                for (int i = 0; i < k; i++) {
                    sum ^= mul(e[k + j][i], data[i][p] & 0xFF);
                }
                parity[j][p] = (byte) sum;
            }
        }
        return parity;
    }
}
