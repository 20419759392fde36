package io.mayfly.hibernate.configuration;

import java.util.Locale;

/**
 * What a second-level cache region holds, which decides its defaults. A domain-data region that
 * holds entities together with other data (regions shared by name) counts as an entity region.
 *
 * <p>Why these defaults: entity and collection values are usually far below the 1 MiB small-value
 * threshold, so they live whole in the proxy's memory tier; the few large ones ({@code @Lob}
 * columns, big collections) get RS(10+2), the paper's trade-off. They expire after an hour so that
 * rows changed behind Hibernate's back (other applications, SQL scripts) are not served forever.
 * Natural ids and timestamps are a few bytes: k=1, r=2 keeps them whole in three copies, and a
 * threshold of {@code Long.MAX_VALUE} keeps them off functions whatever their size, since one lost
 * function must never lose them. Query results expire after ten minutes: Hibernate cannot
 * invalidate them row by row, only through the timestamps, so they pile up otherwise. Timestamps
 * never expire: an expired timestamp reads as "never updated" and would pass stale query results.
 * For the same reason they are pinned: the proxy never evicts them to make room for other values
 * (an evicted timestamp would clear every query-results region, see TimestampsStorage).
 */
public enum RegionType {

    /** Entity state, disassembled: usually hundreds of bytes, larger with {@code @Lob} columns. */
    ENTITY(new RegionSettings(10, 2, 1L << 20, 3_600_000L)),
    /** Collection elements: the ids of the members. */
    COLLECTION(new RegionSettings(10, 2, 1L << 20, 3_600_000L)),
    /** Natural id to id: a few bytes, always kept whole and replicated. */
    NATURAL_ID(new RegionSettings(1, 2, Long.MAX_VALUE, 3_600_000L)),
    /** Query results: id lists that may be large; they expire because rows cannot be tracked. */
    QUERY_RESULTS(new RegionSettings(10, 2, 1L << 20, 600_000L)),
    /** Last update time per table: a few bytes, kept whole, never expired, never evicted (pinned). */
    TIMESTAMPS(new RegionSettings(1, 2, Long.MAX_VALUE, RegionSettings.NEVER_EXPIRES, true));

    private final RegionSettings defaults;

    RegionType(RegionSettings defaults) {
        this.defaults = defaults;
    }

    /** Mayfly's built-in defaults for this type (before any {@code hibernate.cache.mayfly.*} setting). */
    public RegionSettings defaults() {
        return defaults;
    }

    /** The name in setting keys: {@code entity}, {@code collection}, {@code natural-id}, ... */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
