package io.mayfly.jcache.configuration;

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

    public static final String PREFIX = "mayfly.";
    public static final String STORE_FACTORY = "mayfly.store-factory";
    public static final String PROXY = "mayfly.proxy";
    public static final String OPERATION_TIMEOUT_MS = "mayfly.operation-timeout-ms";
    public static final String DATA_SHARDS = "mayfly.data-shards";
    public static final String PARITY_SHARDS = "mayfly.parity-shards";
    public static final String SMALL_VALUE_THRESHOLD_BYTES = "mayfly.small-value-threshold-bytes";
    public static final String MAX_VALUE_SIZE_BYTES = "mayfly.max-value-size-bytes";
    public static final String SERIALIZER = "mayfly.serializer";
    /**
     * How long a cache with a CacheWriter or read-through CacheLoader holds a key's write lease at
     * the proxy while the writer or loader runs; a lease whose holder died frees up after it.
     */
    public static final String WRITE_LEASE_MS = "mayfly.write-lease-ms";
    /** Run store calls on worker threads so a hung store cannot outlast the operation timeout. */
    public static final String GUARD_STORE_CALLS = "mayfly.guard-store-calls";
    /**
     * {@code shared} (default): a cache is shared by every manager with the same URI on the same
     * proxy, across JVMs. {@code manager}: private to one manager instance and dropped when it closes.
     */
    public static final String KEY_SPACE_SCOPE = "mayfly.key-space-scope";

    public static final String CREATE_ON_GET = "mayfly.default.create-on-get";
    public static final String DEFAULT_PREFIX = "mayfly.default.";
    public static final String CACHE_PREFIX = "mayfly.cache.";
    /** Per-cache and template keys, after {@code mayfly.cache.<name>.} or {@code mayfly.default.}. */
    public static final String STATISTICS_ENABLED = "statistics-enabled";

    public static final String MANAGEMENT_ENABLED = "management-enabled";
    public static final String EXPIRE_AFTER_WRITE_MS = "expire-after-write-ms";
    /** The proxy never evicts the cache's values (false by default; the proxy bounds pinned bytes). */
    public static final String PINNED = "pinned";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            // The embedded proxy and local functions: nothing to install, nothing to configure.
            Map.entry(STORE_FACTORY, "io.mayfly.client.ProxyStoreFactory"),
            Map.entry(PROXY, "embedded"),
            Map.entry(OPERATION_TIMEOUT_MS, "5000"),
            Map.entry(WRITE_LEASE_MS, "10000"),
            Map.entry(DATA_SHARDS, "10"),
            Map.entry(PARITY_SHARDS, "2"),
            Map.entry(SMALL_VALUE_THRESHOLD_BYTES, Long.toString(1L << 20)),
            Map.entry(MAX_VALUE_SIZE_BYTES, Long.toString(1L << 30)),
            Map.entry(SERIALIZER, "io.mayfly.jcache.copy.StandardSerializer"),
            Map.entry(CREATE_ON_GET, "false"),
            Map.entry(GUARD_STORE_CALLS, "true"),
            Map.entry(KEY_SPACE_SCOPE, "shared"));

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
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith(PREFIX) && v instanceof String value) {
                merged.put(key, value);
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

    private void validate() {
        longValue(OPERATION_TIMEOUT_MS, 1);
        longValue(DATA_SHARDS, 1);
        longValue(PARITY_SHARDS, 0);
        longValue(SMALL_VALUE_THRESHOLD_BYTES, 0);
        longValue(MAX_VALUE_SIZE_BYTES, 1);
        checkProxy(get(PROXY));
        booleanValue(GUARD_STORE_CALLS);
        String scope = get(KEY_SPACE_SCOPE);
        if (!scope.equals("shared") && !scope.equals("manager")) {
            throw new IllegalArgumentException(KEY_SPACE_SCOPE + "='" + scope
                    + "' must be 'shared' (caches shared across JVMs) or 'manager' (private to one manager)");
        }
        booleanValue(CREATE_ON_GET);
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

    public String get(String key) {
        return values.get(key);
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
    public static long parseLong(String key, String raw, long minimum) {
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
    public String cacheSetting(String cacheName, String key) {
        String own = values.get(CACHE_PREFIX + cacheName + "." + key);
        return own != null ? own : values.get(DEFAULT_PREFIX + key);
    }

    /** True when the file names this cache ({@code mayfly.cache.<name>.*}). */
    public boolean definesCache(String cacheName) {
        String prefix = CACHE_PREFIX + cacheName + ".";
        return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** A cache's store-level setting: its own ({@code mayfly.cache.<name>.data-shards}) or global. */
    public String storeSetting(String cacheName, String globalKey) {
        String own = values.get(CACHE_PREFIX + cacheName + "." + globalKey.substring(PREFIX.length()));
        return own != null ? own : values.get(globalKey);
    }
}
