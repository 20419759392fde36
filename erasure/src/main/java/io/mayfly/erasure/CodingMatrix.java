package io.mayfly.erasure;

import org.jspecify.annotations.Nullable;

/**
 * Rows of GF(2^8) coefficients that a kernel multiplies shard slices by, together with the scalar
 * kernel's lookup tables for them, built on first scalar use and then kept: for RS(10+2) they are
 * 20 KiB, which cost more to build than a small value costs to code. Immutable once built;
 * callers must not change the rows.
 */
final class CodingMatrix {

    /**
     * Tables are kept only up to this size: RS(10+2) needs 20 KiB, RS(16+4) 64 KiB. Wider codes
     * build them per call (as all codes once did), so a cache of many erasure patterns of a wide
     * code cannot grow to gigabytes.
     */
    static final int MAX_KEPT_TABLE_BYTES = 64 * 1024;

    private final byte[][] rows;
    private final int columns;
    private final boolean keepTables;
    /** Benign race: two threads may both build; either result is correct and one is kept. */
    private volatile long @Nullable [][][] scalarTables;

    CodingMatrix(byte[][] rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.keepTables = ScalarKernel.tableBytes(rows.length, columns) <= MAX_KEPT_TABLE_BYTES;
    }

    byte[][] rows() {
        return rows;
    }

    int rowCount() {
        return rows.length;
    }

    int columns() {
        return columns;
    }

    /** The scalar kernel's packed tables for these rows (see {@link ScalarKernel#tables}). */
    long[][][] scalarTables() {
        long[][][] tables = scalarTables;
        if (tables == null) {
            tables = ScalarKernel.tables(rows, columns);
            if (keepTables) {
                scalarTables = tables;
            }
        }
        return tables;
    }

    /** Whether {@link #scalarTables()} returns the same tables on every call. */
    boolean keepsTables() {
        return keepTables;
    }
}
