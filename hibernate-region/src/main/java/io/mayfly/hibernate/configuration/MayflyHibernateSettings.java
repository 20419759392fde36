package io.mayfly.hibernate.configuration;

import io.mayfly.settings.SettingsRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The region factory's settings, read from Hibernate's configuration properties. Every key has a
 * default; per-region keys fall back to per-type keys, then to {@link RegionType#defaults()}:
 *
 * <pre>
 * hibernate.cache.mayfly.fail-open, retry-interval-ms,
 *   log-interval-ms, config, cache-manager               declared in the settings registry
 * hibernate.cache.mayfly.defaults.&lt;type&gt;.&lt;key&gt;           per region type
 * hibernate.cache.mayfly.&lt;region&gt;.&lt;key&gt;                  per region (its unqualified name)
 *   &lt;type&gt;: entity, collection, natural-id, query-results, timestamps
 *   &lt;key&gt;:  data-shards, parity-shards, small-value-threshold-bytes, expire-after-write-ms
 * mayfly.*                                               passed to the Mayfly cache manager
 * </pre>
 */
public final class MayflyHibernateSettings {

    public static final String PREFIX = "hibernate.cache.mayfly.";
    /** false: a cache failure fails the Hibernate operation instead of counting as a miss. */
    public static final String FAIL_OPEN = SettingsRegistry.HIBERNATE_FAIL_OPEN.key();
    /** After a failure, a region skips the store this long before trying it again; 0 retries at once. */
    public static final String RETRY_INTERVAL_MS = SettingsRegistry.HIBERNATE_RETRY_INTERVAL_MS.key();
    /** A region logs its first failure, then at most one line per this interval with a count. */
    public static final String LOG_INTERVAL_MS = SettingsRegistry.HIBERNATE_LOG_INTERVAL_MS.key();
    /** The Mayfly cache manager's URI (a properties file: {@code classpath:...}, {@code file:...}). */
    public static final String CONFIG = SettingsRegistry.HIBERNATE_CONFIG.key();
    /**
     * An existing {@code javax.cache.CacheManager} (the object, or the URI of one of Mayfly's
     * caching provider) to keep the regions in, so an application using Mayfly for its own caches
     * runs one store; hibernate-jcache's {@code hibernate.javax.cache.cache_manager} is read too.
     */
    public static final String CACHE_MANAGER = SettingsRegistry.HIBERNATE_CACHE_MANAGER.key();
    /** hibernate-jcache's name for the same setting. */
    public static final String JCACHE_CACHE_MANAGER = "hibernate.javax.cache.cache_manager";

    public static final String TYPE_DEFAULTS_PREFIX = PREFIX + "defaults.";
    public static final String DATA_SHARDS = "data-shards";
    public static final String PARITY_SHARDS = "parity-shards";
    public static final String SMALL_VALUE_THRESHOLD_BYTES = "small-value-threshold-bytes";
    public static final String EXPIRE_AFTER_WRITE_MS = "expire-after-write-ms";
    /** Hibernate properties with this prefix go to the Mayfly cache manager as they are. */
    public static final String PROVIDER_PREFIX = "mayfly.";

    private final Map<String, Object> values;

    private MayflyHibernateSettings(Map<String, Object> values) {
        this.values = values;
    }

    public static MayflyHibernateSettings from(Map<String, Object> configValues) {
        return new MayflyHibernateSettings(configValues == null ? Map.of() : Map.copyOf(withoutNulls(configValues)));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new java.util.HashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    public boolean failOpen() {
        return SettingsRegistry.HIBERNATE_FAIL_OPEN.parseBoolean(string(FAIL_OPEN));
    }

    public long retryIntervalMs() {
        return SettingsRegistry.HIBERNATE_RETRY_INTERVAL_MS.parseLong(string(RETRY_INTERVAL_MS));
    }

    public long logIntervalMs() {
        return SettingsRegistry.HIBERNATE_LOG_INTERVAL_MS.parseLong(string(LOG_INTERVAL_MS));
    }

    /** The cache manager URI, when {@link #CONFIG} is set. */
    public Optional<URI> configUri() {
        String raw = string(CONFIG);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(raw.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    CONFIG + "='" + raw + "' is not a URI (for example"
                            + " classpath:mayfly.properties or file:/etc/mayfly.properties)",
                    e);
        }
    }

    /**
     * Added to {@code mayfly.serializer.allow}: Hibernate's cache keys, entries and read-write
     * wrappers. Entity state is java.base values, except user types (enums, embeddables), which
     * the application allows with {@code mayfly.serializer.allow}.
     */
    public static final String HIBERNATE_ALLOW_KEY = "mayfly.serializer.allow.hibernate";

    public static final String HIBERNATE_CACHE_CLASSES = "org.hibernate.cache.**";

    /** Every {@code mayfly.*} property, for the Mayfly cache manager, and Hibernate's cache classes. */
    public Properties providerProperties() {
        Properties properties = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith(PROVIDER_PREFIX)) {
                properties.setProperty(k, String.valueOf(v));
            }
        });
        properties.putIfAbsent(HIBERNATE_ALLOW_KEY, HIBERNATE_CACHE_CLASSES);
        return properties;
    }

    /**
     * A region's settings: its own keys, else its type's keys, else the type's built-in defaults.
     *
     * @throws IllegalArgumentException for a malformed value, or an expiry on the timestamps region
     */
    public RegionSettings region(String regionName, RegionType type) {
        RegionSettings defaults = type.defaults();
        RegionSettings settings = new RegionSettings(
                (int) regionLong(regionName, type, DATA_SHARDS, defaults.dataShards(), 1),
                (int) regionLong(regionName, type, PARITY_SHARDS, defaults.parityShards(), 0),
                regionLong(regionName, type, SMALL_VALUE_THRESHOLD_BYTES, defaults.smallValueThresholdBytes(), 0),
                regionLong(regionName, type, EXPIRE_AFTER_WRITE_MS, defaults.expireAfterWriteMs(), 0),
                // Not a setting: only the timestamps are pinned, and they must be.
                defaults.pinned());
        if (type == RegionType.TIMESTAMPS && settings.expireAfterWriteMs() != RegionSettings.NEVER_EXPIRES) {
            // An expired timestamp reads as "table never updated", so stale query results would pass.
            throw new IllegalArgumentException("the update-timestamps region " + regionName + " cannot expire"
                    + " (expire-after-write-ms=" + settings.expireAfterWriteMs() + "): a lost timestamp makes stale"
                    + " query results look fresh; remove the setting, or expire the query-results regions instead");
        }
        return settings;
    }

    private long regionLong(String regionName, RegionType type, String key, long fallback, long minimum) {
        String own = PREFIX + regionName + "." + key;
        String ownValue = string(own);
        if (ownValue != null) {
            return parse(own, ownValue, minimum);
        }
        String typed = TYPE_DEFAULTS_PREFIX + type.settingName() + "." + key;
        String typedValue = string(typed);
        if (typedValue != null) {
            return parse(typed, typedValue, minimum);
        }
        return fallback;
    }

    private long longValue(String key, long fallback, long minimum) {
        String raw = string(key);
        return raw == null ? fallback : parse(key, raw, minimum);
    }

    private static long parse(String key, String raw, long minimum) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + raw + "' is not a whole number (fix the setting)", e);
        }
        if (value < minimum) {
            throw new IllegalArgumentException(
                    key + "=" + value + " is below its minimum " + minimum + " (fix the setting)");
        }
        return value;
    }

    private @Nullable String string(String key) {
        Object value = values.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
