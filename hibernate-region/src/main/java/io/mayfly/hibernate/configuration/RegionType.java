package io.mayfly.hibernate.configuration;

import java.util.Locale;

/**
 * What a second-level cache region holds, which decides its defaults. A domain-data region that
 * holds entities together with other data (regions shared by name) counts as an entity region.
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
  /** Last update time per table: a few bytes, kept whole, never expired (see {@link RegionSettings}). */
  TIMESTAMPS(new RegionSettings(1, 2, Long.MAX_VALUE, RegionSettings.NEVER_EXPIRES));

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
