package io.mayfly.erasure;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A systematic Reed-Solomon code RS(k+r) over GF(2^8): k data shards are stored unchanged and r
 * parity shards are computed from them; any k of the k+r shards give back the data.
 *
 * <p>The encoding matrix is the (k+r) x k Vandermonde matrix (row i is i^0 .. i^(k-1), 0^0 = 1)
 * times the inverse of its top k x k square, with field polynomial 0x11D: the construction of
 * Backblaze JavaReedSolomon and klauspost/reedsolomon, so parity is byte-for-byte theirs.
 *
 * <p>Instances are immutable and thread-safe. All operations work on equal-length slices: for
 * arrays, {@code length} bytes from {@code offset} of every shard; for buffers, {@code length}
 * bytes from each buffer's own position, which is left unchanged. Inputs are never copied.
 */
public final class ReedSolomon {

    /** GF(2^8) has 256 distinct evaluation points, so at most 256 shards. */
    public static final int MAX_TOTAL_SHARDS = 256;

    private static final int DECODE_CACHE_ENTRIES = 1024;

    private final int dataShards;
    private final int parityShards;
    private final CodingKernel kernel;
    /** (k+r) x k; the top k rows are the identity. */
    private final byte[][] encodingMatrix;
    /** The parity rows of the encoding matrix, with the scalar kernel's tables for them. */
    private final CodingMatrix parityMatrix;
    /** Rows rebuilding the missing data shards, per set of survivors. */
    private final DecodeMatrixCache dataRebuildMatrices = new DecodeMatrixCache(DECODE_CACHE_ENTRIES);
    /** Encoding rows of the missing parity shards, per set of missing parity shards. */
    private final DecodeMatrixCache parityRebuildMatrices = new DecodeMatrixCache(DECODE_CACHE_ENTRIES);

    private ReedSolomon(int dataShards, int parityShards, CodingKernel kernel) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.kernel = kernel;
        this.encodingMatrix = buildEncodingMatrix(dataShards, parityShards);
        this.parityMatrix =
                new CodingMatrix(Arrays.copyOfRange(encodingMatrix, dataShards, dataShards + parityShards), dataShards);
    }

    /**
     * RS(dataShards + parityShards) on the default path ({@link CodingPath#fastest()}): AUTO when
     * the JVM has the Vector API module, unless {@code -Dmayfly.erasure.path} forces one.
     */
    public static ReedSolomon of(int dataShards, int parityShards) {
        return of(dataShards, parityShards, CodingPath.fastest());
    }

    /**
     * RS(dataShards + parityShards) on {@code path}. {@link CodingPath#AUTO} codes on the scalar
     * kernel until the vector kernel is compiled, then on the vector kernel; the first call of any
     * AUTO codec starts one warm-up thread per class loader (see {@link CodingPath#AUTO}).
     */
    public static ReedSolomon of(int dataShards, int parityShards, CodingPath path) {
        return withKernel(dataShards, parityShards, path.kernel());
    }

    /** For tests that bring their own kernel (an AUTO kernel with its own warm-up, for one). */
    static ReedSolomon withKernel(int dataShards, int parityShards, CodingKernel kernel) {
        if (dataShards < 1) {
            throw new IllegalArgumentException("data shards " + dataShards + " must be at least 1");
        }
        if (parityShards < 0) {
            throw new IllegalArgumentException("parity shards " + parityShards + " must not be negative");
        }
        if (dataShards + parityShards > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("RS(" + dataShards + "+" + parityShards + ") has "
                    + (dataShards + parityShards) + " shards; GF(2^8) allows at most " + MAX_TOTAL_SHARDS);
        }
        return new ReedSolomon(dataShards, parityShards, kernel);
    }

    private static byte[][] buildEncodingMatrix(int k, int r) {
        byte[][] vandermonde = new byte[k + r][k];
        for (int row = 0; row < k + r; row++) {
            for (int col = 0; col < k; col++) {
                vandermonde[row][col] = (byte) GaloisField.power(row, col);
            }
        }
        byte[][] top = Arrays.copyOfRange(vandermonde, 0, k);
        return GaloisField.multiply(vandermonde, GaloisField.invert(top));
    }

    public int dataShards() {
        return dataShards;
    }

    public int parityShards() {
        return parityShards;
    }

    public int totalShards() {
        return dataShards + parityShards;
    }

    /** The path this codec was made for: SCALAR, VECTOR or AUTO. */
    public CodingPath path() {
        return kernel.path();
    }

    /** The kernel the next call runs on, SCALAR or VECTOR; an AUTO codec changes from one to the other once. */
    public CodingPath activePath() {
        return kernel.activePath();
    }

    /** The coefficient of data shard {@code column} in shard {@code row}; rows below k are the identity. */
    public int coefficient(int row, int column) {
        return encodingMatrix[row][column] & 0xFF;
    }

    // ---- whole values -------------------------------------------------------------------------

    /** Splits {@code value} into k zero-padded data shards and computes r parity shards. */
    public byte[][] encode(byte[] value) {
        ShardLayout layout = ShardLayout.of(dataShards, value.length);
        byte[][] shards = layout.split(value, parityShards);
        encodeParity(shards, 0, layout.shardLength());
        return shards;
    }

    /**
     * The value of {@code valueLength} bytes from its shards. With all k data shards present this
     * only concatenates; otherwise it first rebuilds the missing data shards (not the parity).
     * Missing entries may be null.
     */
    public byte[] decode(byte[][] shards, boolean[] present, int valueLength) {
        ShardLayout layout = ShardLayout.of(dataShards, valueLength);
        reconstructData(shards, present, 0, layout.shardLength());
        return layout.join(shards);
    }

    // ---- byte arrays ----------------------------------------------------------------------------

    /** Writes the r parity shards {@code shards[k..k+r)} from the data shards {@code shards[0..k)}. */
    public void encodeParity(byte[][] shards, int offset, int length) {
        checkShards(shards, null, offset, length);
        kernel.code(
                parityMatrix,
                Arrays.copyOf(shards, dataShards),
                offsets(dataShards, offset),
                Arrays.copyOfRange(shards, dataShards, totalShards()),
                offsets(parityShards, offset),
                length);
    }

    /** Whether the parity shards match the data shards. Allocates only a chunk-sized scratch area. */
    public boolean verifyParity(byte[][] shards, int offset, int length) {
        checkShards(shards, null, offset, length);
        if (parityShards == 0) {
            return true;
        }
        byte[][] data = Arrays.copyOf(shards, dataShards);
        int chunk = Math.min(length, CodingKernel.CHUNK_BYTES);
        byte[][] expected = new byte[parityShards][chunk];
        int[] zeros = new int[parityShards];
        for (int start = 0; start < length; start += chunk) {
            int n = Math.min(chunk, length - start);
            kernel.code(parityMatrix, data, offsets(dataShards, offset + start), expected, zeros, n);
            for (int j = 0; j < parityShards; j++) {
                int at = offset + start;
                if (Arrays.mismatch(expected[j], 0, n, shards[dataShards + j], at, at + n) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Rebuilds every shard whose {@code present} flag is false, data or parity, from the others.
     * A missing shard that is null gets a new array of {@code offset + length} bytes.
     *
     * @throws TooFewShardsException if more than r shards are missing
     */
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        reconstruct(shards, present, offset, length, true);
    }

    /** As {@link #reconstruct}, but leaves missing parity shards alone: what a read needs. */
    public void reconstructData(byte[][] shards, boolean[] present, int offset, int length) {
        reconstruct(shards, present, offset, length, false);
    }

    private void reconstruct(byte[][] shards, boolean[] present, int offset, int length, boolean parityToo) {
        checkPattern(shards.length, present);
        List<Integer> missingData = missing(present, 0, dataShards);
        List<Integer> missingParity = parityToo ? missing(present, dataShards, totalShards()) : List.of();
        for (int index : missingData) {
            allocateIfNull(shards, index, offset + length);
        }
        for (int index : missingParity) {
            allocateIfNull(shards, index, offset + length);
        }
        checkShards(shards, parityToo ? null : present, offset, length);
        if (!missingData.isEmpty()) {
            int[] survivors = survivors(present);
            CodingMatrix rows = dataRebuildMatrix(survivors, missingData);
            byte[][] inputs = new byte[dataShards][];
            for (int i = 0; i < dataShards; i++) {
                inputs[i] = shards[survivors[i]];
            }
            kernel.code(
                    rows,
                    inputs,
                    offsets(dataShards, offset),
                    select(shards, missingData),
                    offsets(missingData.size(), offset),
                    length);
        }
        if (!missingParity.isEmpty()) {
            kernel.code(
                    parityRebuildMatrix(missingParity),
                    Arrays.copyOf(shards, dataShards),
                    offsets(dataShards, offset),
                    select(shards, missingParity),
                    offsets(missingParity.size(), offset),
                    length);
        }
    }

    private static void allocateIfNull(byte[][] shards, int index, int size) {
        if (shards[index] == null) {
            shards[index] = new byte[size];
        }
    }

    // ---- buffers --------------------------------------------------------------------------------

    /** Writes parity buffers {@code shards[k..k+r)} from data buffers {@code shards[0..k)}. */
    public void encodeParity(ByteBuffer[] shards, int length) {
        checkBuffers(shards, null, length, true);
        code(
                parityMatrix,
                Arrays.copyOf(shards, dataShards),
                Arrays.copyOfRange(shards, dataShards, totalShards()),
                length);
    }

    public boolean verifyParity(ByteBuffer[] shards, int length) {
        checkBuffers(shards, null, length, false);
        if (parityShards == 0) {
            return true;
        }
        ByteBuffer[] data = new ByteBuffer[dataShards];
        int chunk = Math.min(length, CodingKernel.CHUNK_BYTES);
        ByteBuffer[] expected = new ByteBuffer[parityShards];
        for (int j = 0; j < parityShards; j++) {
            expected[j] = ByteBuffer.allocate(chunk);
        }
        for (int start = 0; start < length; start += chunk) {
            int n = Math.min(chunk, length - start);
            for (int i = 0; i < dataShards; i++) {
                data[i] = shards[i].duplicate().position(shards[i].position() + start);
            }
            code(parityMatrix, data, expected, n);
            for (int j = 0; j < parityShards; j++) {
                ByteBuffer actual = shards[dataShards + j];
                int at = actual.position() + start;
                if (!expected[j].slice(0, n).equals(actual.slice(at, n))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Rebuilds every buffer whose {@code present} flag is false (it must have room for
     * {@code length} bytes from its position) from the others.
     *
     * @throws TooFewShardsException if more than r shards are missing
     */
    public void reconstruct(ByteBuffer[] shards, boolean[] present, int length) {
        reconstruct(shards, present, length, true);
    }

    /** As {@link #reconstruct(ByteBuffer[], boolean[], int)}, but leaves missing parity alone. */
    public void reconstructData(ByteBuffer[] shards, boolean[] present, int length) {
        reconstruct(shards, present, length, false);
    }

    private void reconstruct(ByteBuffer[] shards, boolean[] present, int length, boolean parityToo) {
        checkPattern(shards.length, present);
        List<Integer> missingData = missing(present, 0, dataShards);
        List<Integer> missingParity = parityToo ? missing(present, dataShards, totalShards()) : List.of();
        checkBuffers(shards, parityToo ? null : present, length, false);
        if (!missingData.isEmpty()) {
            int[] survivors = survivors(present);
            ByteBuffer[] inputs = new ByteBuffer[dataShards];
            for (int i = 0; i < dataShards; i++) {
                inputs[i] = shards[survivors[i]];
            }
            code(dataRebuildMatrix(survivors, missingData), inputs, select(shards, missingData), length);
        }
        if (!missingParity.isEmpty()) {
            code(
                    parityRebuildMatrix(missingParity),
                    Arrays.copyOf(shards, dataShards),
                    select(shards, missingParity),
                    length);
        }
    }

    /** Heap buffers go to the array kernel (the fastest loops); any direct or read-only one to the buffer kernel. */
    private void code(CodingMatrix rows, ByteBuffer[] inputs, ByteBuffer[] outputs, int length) {
        if (allHaveArrays(inputs) && allHaveArrays(outputs)) {
            kernel.code(rows, arrays(inputs), arrayOffsets(inputs), arrays(outputs), arrayOffsets(outputs), length);
        } else {
            kernel.code(rows, inputs, outputs, length);
        }
    }

    private static boolean allHaveArrays(ByteBuffer[] buffers) {
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

    private static int[] arrayOffsets(ByteBuffer[] buffers) {
        int[] offsets = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            offsets[i] = buffers[i].arrayOffset() + buffers[i].position();
        }
        return offsets;
    }

    // ---- shared -------------------------------------------------------------------------------

    /**
     * Rows of the inverse of the survivors' encoding rows that give back the missing data shards.
     * The survivors fix the missing data shards too (every present data shard is a survivor), so
     * they alone key the cache.
     */
    private CodingMatrix dataRebuildMatrix(int[] survivors, List<Integer> missingData) {
        BitSet key = new BitSet(totalShards());
        for (int survivor : survivors) {
            key.set(survivor);
        }
        return dataRebuildMatrices.get(key, pattern -> {
            byte[][] square = new byte[dataShards][];
            for (int i = 0; i < dataShards; i++) {
                square[i] = encodingMatrix[survivors[i]];
            }
            byte[][] inverse = GaloisField.invert(square);
            byte[][] rows = new byte[missingData.size()][];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = inverse[missingData.get(j)];
            }
            return new CodingMatrix(rows, dataShards);
        });
    }

    /** The encoding rows of the missing parity shards. */
    private CodingMatrix parityRebuildMatrix(List<Integer> missingParity) {
        BitSet key = new BitSet(totalShards());
        for (int index : missingParity) {
            key.set(index);
        }
        return parityRebuildMatrices.get(key, pattern -> {
            byte[][] rows = new byte[missingParity.size()][];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = encodingMatrix[missingParity.get(j)];
            }
            return new CodingMatrix(rows, dataShards);
        });
    }

    /** The first k present shards: data shards first, so fewer parity rows enter the inverse. */
    private int[] survivors(boolean[] present) {
        int[] survivors = new int[dataShards];
        int found = 0;
        for (int i = 0; i < totalShards() && found < dataShards; i++) {
            if (present[i]) {
                survivors[found++] = i;
            }
        }
        return survivors;
    }

    private void checkPattern(int shardCount, boolean[] present) {
        if (shardCount != totalShards() || present.length != totalShards()) {
            throw new IllegalArgumentException(
                    "got " + shardCount + " shards and " + present.length + " presence flags; RS(" + dataShards + "+"
                            + parityShards + ") needs " + totalShards() + " of each");
        }
        int missing = 0;
        for (boolean p : present) {
            if (!p) {
                missing++;
            }
        }
        if (missing > parityShards) {
            throw new TooFewShardsException(missing, dataShards, parityShards);
        }
    }

    private static List<Integer> missing(boolean[] present, int from, int to) {
        List<Integer> missing = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!present[i]) {
                missing.add(i);
            }
        }
        return missing;
    }

    private static byte[][] select(byte[][] shards, List<Integer> indices) {
        byte[][] selected = new byte[indices.size()][];
        for (int j = 0; j < selected.length; j++) {
            selected[j] = shards[indices.get(j)];
        }
        return selected;
    }

    private static ByteBuffer[] select(ByteBuffer[] shards, List<Integer> indices) {
        ByteBuffer[] selected = new ByteBuffer[indices.size()];
        for (int j = 0; j < selected.length; j++) {
            selected[j] = shards[indices.get(j)];
        }
        return selected;
    }

    private static int[] offsets(int count, int offset) {
        int[] offsets = new int[count];
        Arrays.fill(offsets, offset);
        return offsets;
    }

    /** Every shard (or, when {@code needed} is given, every shard flagged there) must hold the slice. */
    private void checkShards(byte[][] shards, boolean @Nullable [] needed, int offset, int length) {
        if (shards.length != totalShards()) {
            throw new IllegalArgumentException("got " + shards.length + " shards; RS(" + dataShards + "+" + parityShards
                    + ") needs " + totalShards());
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length + " must not be negative");
        }
        for (int i = 0; i < shards.length; i++) {
            if (needed != null && !needed[i] && i >= dataShards) {
                continue;
            }
            if (shards[i] == null) {
                throw new IllegalArgumentException(
                        "shard " + i + " is null; pass an array of at least " + (offset + length) + " bytes");
            }
            if (shards[i].length - offset < length) {
                throw new IllegalArgumentException("shard " + i + " has " + shards[i].length + " bytes; the slice at "
                        + offset + " of " + length + " bytes needs " + ((long) offset + length));
            }
        }
    }

    private void checkBuffers(ByteBuffer[] shards, boolean @Nullable [] needed, int length, boolean parityWritable) {
        if (shards.length != totalShards()) {
            throw new IllegalArgumentException("got " + shards.length + " shards; RS(" + dataShards + "+" + parityShards
                    + ") needs " + totalShards());
        }
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " must not be negative");
        }
        for (int i = 0; i < shards.length; i++) {
            if (needed != null && !needed[i] && i >= dataShards) {
                continue;
            }
            ByteBuffer shard = shards[i];
            if (shard == null) {
                throw new IllegalArgumentException(
                        "shard " + i + " is null; pass a buffer with " + length + " bytes remaining");
            }
            if (shard.remaining() < length) {
                throw new IllegalArgumentException(
                        "shard " + i + " has " + shard.remaining() + " bytes remaining; the slice needs " + length);
            }
            if (parityWritable && i >= dataShards && shard.isReadOnly()) {
                throw new IllegalArgumentException("parity shard " + i + " is read-only; pass a writable buffer");
            }
        }
    }

    @Override
    public String toString() {
        return "RS(" + dataShards + "+" + parityShards + ", " + path().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
