package io.mayfly.client;

/**
 * How one cache's values are stored.
 *
 * @param dataShards k, the number of data shards of an erasure-coded value
 * @param parityShards r, the number of parity shards; any r shards may be lost
 * @param smallValueThresholdBytes values up to this size stay whole in the proxy's memory tier;
 *     0 sends every value to functions
 * @param maxValueSizeBytes larger values are refused before anything is sent
 * @param pinned the proxy never evicts this key space's values (for data whose loss is not a plain
 *     miss, such as Hibernate's update timestamps); the proxy bounds pinned bytes
 */
public record CodingSettings(
        int dataShards, int parityShards, long smallValueThresholdBytes, long maxValueSizeBytes, boolean pinned) {

    /**
     * RS(10+2), the paper's best trade-off (FAST '20, section 5); values up to 2 MiB whole (a 1 MiB
     * application value with its serializer's framing among them); 1 GiB max.
     */
    public static final CodingSettings DEFAULTS = new CodingSettings(10, 2, 2L << 20, 1L << 30);

    /** Settings of an ordinary (evictable) key space. */
    public CodingSettings(int dataShards, int parityShards, long smallValueThresholdBytes, long maxValueSizeBytes) {
        this(dataShards, parityShards, smallValueThresholdBytes, maxValueSizeBytes, false);
    }

    /**
     * Whether a value of this length travels whole, into the proxy's small-value tier, rather than
     * erasure-coded: up to the threshold inclusive, as the proxy accepts; a threshold of 0 keeps
     * even an empty value erasure-coded.
     */
    public boolean travelsWhole(long length) {
        return length < smallValueThresholdBytes
                || (length == smallValueThresholdBytes && smallValueThresholdBytes > 0);
    }

    /**
     * Refuses a put before anything is sent.
     *
     * @throws ValueTooLargeException when the value exceeds {@link #maxValueSizeBytes}
     * @throws IllegalArgumentException when the expected version is no condition {@link KeySpace} knows
     */
    public void checkPut(long length, long expectedVersion) {
        if (length > maxValueSizeBytes) {
            throw new ValueTooLargeException(length, maxValueSizeBytes);
        }
        if (expectedVersion < KeySpace.ANY_VERSION) {
            throw new IllegalArgumentException(
                    "expected version " + expectedVersion + " is not ANY_VERSION (-1), ABSENT (0) or a version");
        }
    }

    /** The same coding, pinned or not. */
    public CodingSettings withPinned(boolean pin) {
        return new CodingSettings(dataShards, parityShards, smallValueThresholdBytes, maxValueSizeBytes, pin);
    }

    public CodingSettings {
        if (dataShards < 1) {
            throw new IllegalArgumentException("data shards k=" + dataShards + " must be at least 1");
        }
        if (parityShards < 0) {
            throw new IllegalArgumentException("parity shards r=" + parityShards + " must not be negative");
        }
        if (dataShards + parityShards > 256) {
            throw new IllegalArgumentException(
                    "k+r=" + (dataShards + parityShards) + " exceeds 256, the limit of GF(2^8) Reed-Solomon");
        }
        if (smallValueThresholdBytes < 0) {
            throw new IllegalArgumentException(
                    "small-value threshold " + smallValueThresholdBytes + " bytes must not be negative");
        }
        if (maxValueSizeBytes < 1) {
            throw new IllegalArgumentException("max value size " + maxValueSizeBytes + " bytes must be positive");
        }
    }
}
