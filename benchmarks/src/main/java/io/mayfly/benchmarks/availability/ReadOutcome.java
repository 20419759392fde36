package io.mayfly.benchmarks.availability;

/** What one read of a previously written value returned. */
enum ReadOutcome {
    /** The bytes last written. */
    CORRECT,
    /** No value: the store lost it or no longer knows it (after a proxy restart). */
    MISS,
    /** The call failed (unavailable, timed out, checksum refused): also not available. */
    ERROR,
    /** Bytes other than those last written: must never happen. */
    WRONG
}
