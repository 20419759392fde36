package io.mayfly.jcache.configuration;

import io.mayfly.settings.Setting;
import io.mayfly.settings.SettingsRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache manager's resolved settings: every {@code mayfly.*} key, merged from (highest first) the
 * properties passed to {@code getCacheManager}, system properties, the configuration file the
 * manager's URI names, and the defaults below.
 *
 * <p>The file format is Java properties: it needs no dependency in the provider (Hibernate and
 * Spring users already write properties), keys map one to one onto system properties and Spring
 * Boot's {@code spring.cache.jcache.config} resource, and a cache's settings are flat enough that
 * YAML or HOCON nesting would buy nothing.
 */
public final class MayflySettings {

    public static final String PREFIX = SettingsRegistry.PREFIX;
    public static final String STORE_FACTORY = SettingsRegistry.STORE_FACTORY.key();
    public static final String PROXY = SettingsRegistry.PROXY.key();
    public static final String OPERATION_TIMEOUT_MS = SettingsRegistry.OPERATION_TIMEOUT_MS.key();
    public static final String DATA_SHARDS = SettingsRegistry.DATA_SHARDS.key();
    public static final String PARITY_SHARDS = SettingsRegistry.PARITY_SHARDS.key();
    public static final String SMALL_VALUE_THRESHOLD_BYTES = SettingsRegistry.SMALL_VALUE_THRESHOLD_BYTES.key();
    public static final String MAX_VALUE_SIZE_BYTES = SettingsRegistry.MAX_VALUE_SIZE_BYTES.key();
    public static final String SERIALIZER = SettingsRegistry.SERIALIZER.key();
    public static final String WRITE_LEASE_MS = SettingsRegistry.WRITE_LEASE_MS.key();
    public static final String GUARD_STORE_CALLS = SettingsRegistry.GUARD_STORE_CALLS.key();
    public static final String KEY_SPACE_SCOPE = SettingsRegistry.KEY_SPACE_SCOPE.key();

    public static final String DEFAULT_PREFIX = SettingsRegistry.DEFAULT_PREFIX;
    public static final String CACHE_PREFIX = SettingsRegistry.CACHE_PREFIX;
    public static final String CREATE_ON_GET = DEFAULT_PREFIX + SettingsRegistry.CREATE_ON_GET.key();
    /** Per-cache and template keys, after {@code mayfly.cache.<name>.} or {@code mayfly.default.}. */
    public static final String STATISTICS_ENABLED = SettingsRegistry.STATISTICS_ENABLED.key();

    public static final String MANAGEMENT_ENABLED = SettingsRegistry.MANAGEMENT_ENABLED.key();
    public static final String EXPIRE_AFTER_WRITE_MS = SettingsRegistry.EXPIRE_AFTER_WRITE_MS.key();
    public static final String PINNED = SettingsRegistry.PINNED.key();

    private static final Logger log = LoggerFactory.getLogger(MayflySettings.class);

    /** The registry's defaults of the manager's own settings (the others' readers apply theirs). */
    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        for (Setting s : SettingsRegistry.all()) {
            if (s.scope() == Setting.Scope.MANAGER && s.defaultValue() != null) {
                d.put(s.key(), s.defaultValue());
            }
        }
        d.put(CREATE_ON_GET, SettingsRegistry.CREATE_ON_GET.defaultValue());
        return Map.copyOf(d);
    }

    private final Map<String, String> values;

    private MayflySettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Settings from defaults and the given entries only (tests and programmatic use). */
    public static MayflySettings of(Map<String, String> entries) {
        Map<String, String> merged = new TreeMap<>(DEFAULTS);
        merged.putAll(entries);
        return new MayflySettings(merged);
    }

    /**
     * Resolves a manager's settings.
     *
     * @param uri the manager's URI; {@code file:}, {@code jar:} and {@code classpath:} name a file
     * @param defaultUri the provider's default URI, which reads {@code mayfly.properties} from the
     *     class path when present
     */
    public static MayflySettings resolve(URI uri, URI defaultUri, ClassLoader classLoader, Properties explicit) {
        Map<String, String> merged = new TreeMap<>(DEFAULTS);
        if (uri.equals(defaultUri)) {
            readOptionalResource("mayfly.properties", classLoader, merged);
        } else {
            readFile(uri, classLoader, merged);
        }
        // The JVM's system properties are shared with tools that use the mayfly. prefix too (the
        // TCK runner, tests, benchmarks): an unknown one is skipped (logged at debug), not fatal.
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith(PREFIX) && v instanceof String value) {
                if (SettingsRegistry.resolve(key) != null || SettingsRegistry.isStoreExtension(key)) {
                    merged.put(key, value);
                } else {
                    log.debug("system property {} is not a Mayfly setting; ignored", key);
                }
            }
        });
        if (explicit != null) {
            for (String key : explicit.stringPropertyNames()) {
                if (key.startsWith(PREFIX)) {
                    merged.put(key, explicit.getProperty(key));
                }
            }
        }
        MayflySettings settings = new MayflySettings(merged);
        settings.validate();
        return settings;
    }

    private static void readFile(URI uri, ClassLoader classLoader, Map<String, String> into) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            return;
        }
        try {
            switch (scheme) {
                case "classpath" -> {
                    String path = uri.getSchemeSpecificPart();
                    path = path.startsWith("/") ? path.substring(1) : path;
                    if (!readOptionalResource(path, classLoader, into)) {
                        throw new CacheException("configuration file " + uri + " is not on the class path of "
                                + classLoader + " (add it, or use another CacheManager URI)");
                    }
                }
                case "file", "jar" -> {
                    try (InputStream in = uri.toURL().openStream()) {
                        load(in, into);
                    }
                }
                default -> {
                    // Any other URI only names a cache manager; settings come from properties.
                }
            }
        } catch (IOException e) {
            throw new CacheException(
                    "cannot read configuration file " + uri + ": " + e.getMessage() + " (check the CacheManager URI)",
                    e);
        }
    }

    private static boolean readOptionalResource(String path, ClassLoader classLoader, Map<String, String> into) {
        ClassLoader loader = classLoader != null ? classLoader : MayflySettings.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return false;
            }
            load(in, into);
            return true;
        } catch (IOException e) {
            throw new CacheException("cannot read configuration resource " + path + ": " + e.getMessage(), e);
        }
    }

    private static void load(InputStream in, Map<String, String> into) throws IOException {
        Properties properties = new Properties();
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String key : properties.stringPropertyNames()) {
            into.put(key.trim(), properties.getProperty(key).trim());
        }
    }

    /**
     * Checks every key against the registry (unknown keys name the closest known one), every value
     * against its bounds, and that RS(k+r) fits the embedded pool of functions.
     */
    private void validate() {
        SettingsRegistry.checkKeys(values);
        checkProxy(required(PROXY));
        checkShardsFitThePool(DATA_SHARDS, PARITY_SHARDS, get(PROXY));
        for (String key : values.keySet()) {
            String suffix = SettingsRegistry.DATA_SHARDS.cacheSuffix();
            if (key.startsWith(CACHE_PREFIX) && key.endsWith("." + suffix)) {
                String cache = key.substring(CACHE_PREFIX.length(), key.length() - suffix.length() - 1);
                checkShardsFitThePool(
                        key,
                        CACHE_PREFIX + cache + "." + SettingsRegistry.PARITY_SHARDS.cacheSuffix(),
                        storeSetting(cache, PROXY));
            }
        }
    }

    /** Each of a value's k+r shards goes to a different function: an embedded pool must have k+r. */
    private void checkShardsFitThePool(String dataKey, String parityKey, @Nullable String proxy) {
        if (proxy == null || !proxy.trim().equals("embedded")) {
            return; // a remote proxy checks k+r against its own pool
        }
        Setting poolSetting = SettingsRegistry.EMBEDDED_POOL_SIZE;
        int pool = poolSetting.parseInt(values.get(poolSetting.key()));
        String parity = values.get(parityKey) != null ? values.get(parityKey) : get(PARITY_SHARDS);
        long k = SettingsRegistry.DATA_SHARDS.parseLong(values.get(dataKey));
        long r = SettingsRegistry.PARITY_SHARDS.parseLong(parity);
        if (k + r > pool) {
            throw new IllegalArgumentException(
                    dataKey + "=" + k + " plus " + (values.containsKey(parityKey) ? parityKey : PARITY_SHARDS)
                            + "=" + r + " is " + (k + r) + " shards, more than " + poolSetting.key() + "=" + pool
                            + " functions (each shard needs its own): lower the shards or raise the pool");
        }
    }

    /** Checks a proxy setting: {@code embedded} or {@code host:port[,host:port...]}. */
    static String checkProxy(String proxy) {
        String trimmed = proxy.trim();
        if (trimmed.equals("embedded")) {
            return trimmed;
        }
        for (String address : trimmed.split(",")) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            boolean valid = colon > 0 && colon < a.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(a.substring(colon + 1));
                    valid = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new IllegalArgumentException("proxy address '" + a + "' in '" + proxy
                        + "' is not host:port (mayfly.proxy takes 'embedded' or host:port[,host:port...])");
            }
        }
        return trimmed;
    }

    public @Nullable String get(String key) {
        return values.get(key);
    }

    /** A setting the defaults always hold; missing only through a bug. */
    public String required(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " has no value, not even its default");
        }
        return value;
    }

    /** All settings, every key with its {@code mayfly.} prefix. */
    public Map<String, String> asMap() {
        return values;
    }

    /** A copy with one key replaced. */
    public MayflySettings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new MayflySettings(copy);
    }

    public long longValue(String key, long minimum) {
        return parseLong(key, get(key), minimum);
    }

    /** Parses a whole-number setting, naming the key in the error. */
    public static long parseLong(String key, @Nullable String raw, long minimum) {
        if (raw == null) {
            throw new IllegalArgumentException(key + "='null' is not a whole number (fix the setting)");
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < minimum) {
                throw new IllegalArgumentException(
                        key + "=" + value + " is below its minimum " + minimum + " (fix the setting)");
            }
            return value;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(key + "='" + raw + "' is not a whole number (fix the setting)", e);
        }
    }

    public boolean booleanValue(String key) {
        String raw = get(key);
        if (raw == null) {
            return false;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + "='" + raw + "' must be true or false");
        };
    }

    /** A cache's own setting, else the template's ({@code mayfly.default.*}), else null. */
    public @Nullable String cacheSetting(String cacheName, String key) {
        String own = values.get(CACHE_PREFIX + cacheName + "." + key);
        return own != null ? own : values.get(DEFAULT_PREFIX + key);
    }

    /** True when the file names this cache ({@code mayfly.cache.<name>.*}). */
    public boolean definesCache(String cacheName) {
        String prefix = CACHE_PREFIX + cacheName + ".";
        return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** A cache's store-level setting: its own ({@code mayfly.cache.<name>.data-shards}) or global. */
    public @Nullable String storeSetting(String cacheName, String globalKey) {
        String own = values.get(CACHE_PREFIX + cacheName + "." + globalKey.substring(PREFIX.length()));
        return own != null ? own : values.get(globalKey);
    }
}
