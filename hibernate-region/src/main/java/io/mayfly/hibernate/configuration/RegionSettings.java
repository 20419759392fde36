package io.mayfly.hibernate.configuration;

/**
 * How one region's cache stores its values in Mayfly.
 *
 * @param dataShards k of the RS(k+r) code for values at or above the small-value threshold
 * @param parityShards r; with k=1 the value is kept whole in 1+r copies
 * @param smallValueThresholdBytes values shorter than this stay whole in the proxy's memory tier
 * @param expireAfterWriteMs an entry expires this long after it was created or last written;
 *     {@link #NEVER_EXPIRES} (0) keeps it until Hibernate invalidates it
 * @param pinned the proxy never evicts the region's entries (the update timestamps: see
 *     {@link RegionType#TIMESTAMPS})
 */
public record RegionSettings(
        int dataShards, int parityShards, long smallValueThresholdBytes, long expireAfterWriteMs, boolean pinned) {

    public static final long NEVER_EXPIRES = 0L;

    public RegionSettings {
        if (dataShards < 1) {
            throw new IllegalArgumentException("data-shards " + dataShards + " must be at least 1");
        }
        if (parityShards < 0) {
            throw new IllegalArgumentException("parity-shards " + parityShards + " must not be negative");
        }
        if (smallValueThresholdBytes < 0) {
            throw new IllegalArgumentException(
                    "small-value-threshold-bytes " + smallValueThresholdBytes + " must not be negative");
        }
        if (expireAfterWriteMs < 0) {
            throw new IllegalArgumentException(
                    "expire-after-write-ms " + expireAfterWriteMs + " must not be negative (0 means never expires)");
        }
    }

    /** Settings of a region whose entries the proxy may evict. */
    public RegionSettings(int dataShards, int parityShards, long smallValueThresholdBytes, long expireAfterWriteMs) {
        this(dataShards, parityShards, smallValueThresholdBytes, expireAfterWriteMs, false);
    }
}
