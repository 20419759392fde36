package io.mayfly.settings;

import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.settings.Setting.Scope;
import io.mayfly.settings.Setting.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every setting Mayfly reads, declared once: the provider, the embedded proxy, the Spring Boot
 * starter, the Hibernate region factory and the function's environment all parse through these
 * entries, and docs/configuration.md and Spring's configuration metadata are generated from them
 * ({@link SettingsDocs}). Adding a setting is one entry here; then run {@link SettingsDocs#main}.
 */
public final class SettingsRegistry {

    public static final String PREFIX = "mayfly.";
    public static final String CACHE_PREFIX = "mayfly.cache.";
    public static final String DEFAULT_PREFIX = "mayfly.default.";
    /**
     * A custom {@code mayfly.store-factory}'s own settings: passed to it as written, not checked
     * here (the factory checks them).
     */
    public static final String STORE_EXTENSION_PREFIX = "mayfly.store.";

    private static final long LMAX = Long.MAX_VALUE;
    private static final long IMAX = Integer.MAX_VALUE;
    private static final List<Setting> ALL = new ArrayList<>();

    // Cache manager.
    public static final Setting STORE_FACTORY = add(new Setting(
            "mayfly.store-factory",
            Scope.MANAGER,
            Type.CLASS,
            "io.mayfly.client.ProxyStoreFactory",
            0,
            0,
            List.of(),
            false,
            "How the manager reaches its store."));
    public static final Setting PROXY = add(new Setting(
            "mayfly.proxy",
            Scope.MANAGER,
            Type.STRING,
            "embedded",
            0,
            0,
            List.of(),
            true,
            "`embedded` (a proxy in this JVM) or `host:port[,host:port...]` of remote proxies."));
    public static final Setting OPERATION_TIMEOUT_MS = add(longs(
            "mayfly.operation-timeout-ms",
            Scope.MANAGER,
            "5000",
            1,
            LMAX,
            true,
            "Every store call; past it a CacheException."));
    public static final Setting CONNECT_TIMEOUT_MS = add(longs(
            "mayfly.connect-timeout-ms",
            Scope.MANAGER,
            "2000",
            1,
            LMAX,
            false,
            "How long connecting to a remote proxy may take."));
    public static final Setting CALLER_CONNECTIONS = add(ints(
            "mayfly.caller-connections",
            Scope.MANAGER,
            "16",
            0,
            256,
            false,
            "Connections to each remote proxy that a calling thread drives itself, one call at a time,"
                    + " sparing the hand-offs to and from the client's event loop; 0 sends every call over"
                    + " the shared connections. Not used with TLS."));
    public static final Setting SEGMENT_CAP_BYTES = add(ints(
            "mayfly.segment-cap-bytes",
            Scope.MANAGER,
            "1048576",
            1024,
            1 << 24,
            false,
            "Largest segment of a value on the wire."));
    public static final Setting WRITE_LEASE_MS = add(longs(
            "mayfly.write-lease-ms",
            Scope.MANAGER,
            "10000",
            1,
            LMAX,
            false,
            "How long a cache with a CacheWriter or read-through loader holds a key's write lease at the proxy."));
    public static final Setting DATA_SHARDS = add(ints(
            "mayfly.data-shards",
            Scope.MANAGER,
            "10",
            1,
            255,
            true,
            "k of RS(k+r): an erasure-coded value is split into k data shards."));
    public static final Setting PARITY_SHARDS = add(ints(
            "mayfly.parity-shards",
            Scope.MANAGER,
            "2",
            0,
            254,
            true,
            "r of RS(k+r): parity shards; up to r lost shards are rebuilt."));
    public static final Setting SMALL_VALUE_THRESHOLD_BYTES = add(longs(
            "mayfly.small-value-threshold-bytes",
            Scope.MANAGER,
            "2097152",
            0,
            LMAX,
            true,
            "Values up to this size stay whole in the proxy's memory tier."));
    public static final Setting MAX_VALUE_SIZE_BYTES = add(longs(
            "mayfly.max-value-size-bytes",
            Scope.MANAGER,
            "1073741824",
            1,
            LMAX,
            true,
            "Larger values are refused before anything is sent."));
    public static final Setting SERIALIZER = add(new Setting(
            "mayfly.serializer",
            Scope.MANAGER,
            Type.CLASS,
            "io.mayfly.jcache.copy.StandardSerializer",
            0,
            0,
            List.of(),
            false,
            "Turns keys and values into bytes (pluggable)."));
    public static final Setting SERIALIZER_ALLOW = add(new Setting(
            "mayfly.serializer.allow",
            Scope.MANAGER,
            Type.STRING,
            "",
            0,
            0,
            List.of(),
            false,
            "Classes the standard serializer may read beyond java.base value types and the cache's own"
                    + " types: JDK filter patterns, ';'-separated (mayfly.serializer.allow.<name> adds more)."));
    public static final Setting AUTH_TOKEN_FILE = add(new Setting(
            "mayfly.auth.token-file",
            Scope.MANAGER,
            Type.STRING,
            "",
            0,
            0,
            List.of(),
            false,
            "File holding the remote proxies' shared auth token (never sent: proven by HMAC)."));
    public static final Setting AUTH_TOKEN = add(new Setting(
            "mayfly.auth.token",
            Scope.MANAGER,
            Type.STRING,
            "",
            0,
            0,
            List.of(),
            false,
            "The remote proxies' shared auth token itself, when no token file is given."));
    public static final Setting TLS_ENABLED =
            add(bool("mayfly.tls.enabled", Scope.MANAGER, "false", "Talk TLS to remote proxies."));
    public static final Setting TLS_TRUST_CERTIFICATES = add(new Setting(
            "mayfly.tls.trust-certificates",
            Scope.MANAGER,
            Type.STRING,
            "",
            0,
            0,
            List.of(),
            false,
            "PEM file of the certificates to trust for the proxies (default: the JDK trust store)."));
    public static final Setting GUARD_STORE_CALLS = add(bool(
            "mayfly.guard-store-calls",
            Scope.MANAGER,
            "true",
            "Run store calls on worker threads so a hung store cannot outlast the operation timeout."));
    public static final Setting KEY_SPACE_SCOPE = add(choice(
            "mayfly.key-space-scope",
            Scope.MANAGER,
            "shared",
            List.of("shared", "manager"),
            "`shared`: a cache is shared by managers of the same URI across JVMs; `manager`: private to one."));

    // Every cache (mayfly.default.<key>) or one (mayfly.cache.<name>.<key>).
    public static final Setting CREATE_ON_GET = add(bool(
            "create-on-get", Scope.CACHE, "false", "`getCache(name)` creates missing caches (Spring's @Cacheable)."));
    public static final Setting STATISTICS_ENABLED =
            add(bool("statistics-enabled", Scope.CACHE, "false", "Collect JCache statistics."));
    public static final Setting MANAGEMENT_ENABLED =
            add(bool("management-enabled", Scope.CACHE, "false", "Register the cache's configuration MXBean."));
    public static final Setting EXPIRE_AFTER_WRITE_MS = add(longs(
            "expire-after-write-ms",
            Scope.CACHE,
            null,
            1,
            LMAX,
            false,
            "Entries expire this long after they are written (default: never)."));
    public static final Setting PINNED = add(bool(
            "pinned",
            Scope.CACHE,
            "false",
            "The proxy never evicts this cache's values (bounded by the proxy's pinned bytes)."));

    // The embedded proxy and its local functions.
    public static final Setting EMBEDDED_POOL_SIZE = add(ints(
            "mayfly.embedded.pool-size",
            Scope.EMBEDDED,
            "12",
            1,
            4096,
            false,
            "Functions in the embedded pool; k + r must not exceed it."));
    public static final Setting EMBEDDED_RUNTIME = add(choice(
            "mayfly.embedded.runtime",
            Scope.EMBEDDED,
            "local-in-process",
            List.of("local-in-process", "local-process"),
            "Function instances as threads with their own class loader, or one child JVM each."));
    public static final Setting EMBEDDED_FUNCTION_MEMORY_MB = add(ints(
            "mayfly.embedded.function-memory-mb",
            Scope.EMBEDDED,
            "256",
            128,
            10240,
            false,
            "Memory of each function (in-process: lowered to fit half the heap)."));
    public static final Setting EMBEDDED_NODE_OVERHEAD_MB = add(ints(
            "mayfly.embedded.node-overhead-mb",
            Scope.EMBEDDED,
            null,
            0,
            IMAX,
            false,
            "A function's memory not used for shards (default: a quarter of its memory + 80)."));
    public static final Setting EMBEDDED_BILLING_WINDOW_MS = add(longs(
            "mayfly.embedded.billing-window-ms",
            Scope.EMBEDDED,
            "1",
            1,
            LMAX,
            false,
            "Billing granularity the functions plan their returns by."));
    public static final Setting EMBEDDED_IDLE_RETURN_MS = add(longs(
            "mayfly.embedded.idle-return-ms",
            Scope.EMBEDDED,
            "100",
            0,
            LMAX,
            false,
            "A function returns after this long without requests (0: when its last request ends)."));
    public static final Setting EMBEDDED_BURST_LINGER_MS = add(longs(
            "mayfly.embedded.burst-linger-ms",
            Scope.EMBEDDED,
            "10000",
            0,
            LMAX,
            false,
            "A function whose last burst-requests requests came within this long stays this long without"
                    + " requests instead of idle-return-ms (0: never)."));
    public static final Setting EMBEDDED_BURST_REQUESTS = add(ints(
            "mayfly.embedded.burst-requests",
            Scope.EMBEDDED,
            "3",
            2,
            NodeInvocation.MAX_BURST_REQUESTS,
            false,
            "How many requests within burst-linger-ms make a burst."));
    public static final Setting EMBEDDED_SMALL_TIER_CAPACITY_BYTES = add(longs(
            "mayfly.embedded.small-tier-capacity-bytes",
            Scope.EMBEDDED,
            "268435456",
            0,
            LMAX,
            false,
            "Bytes the proxy's small-value tier may hold."));
    public static final Setting EMBEDDED_PINNED_MAX_BYTES = add(longs(
            "mayfly.embedded.pinned-max-bytes",
            Scope.EMBEDDED,
            null,
            0,
            LMAX,
            false,
            "Bytes of pinned values the proxy holds (default: a tenth of the small tier)."));
    public static final Setting EMBEDDED_DASHBOARD_PORT = add(ints(
            "mayfly.embedded.dashboard-port",
            Scope.EMBEDDED,
            "-1",
            -1,
            65535,
            false,
            "The proxy's metrics, health and pool dashboard on loopback: 0 picks a port, -1 none."));
    public static final Setting EMBEDDED_NODE_HANDLER = add(new Setting(
            "mayfly.embedded.node-handler",
            Scope.EMBEDDED,
            Type.STRING,
            "io.mayfly.node.MayflyNodeHandler::handleRequest",
            0,
            0,
            List.of(),
            false,
            "The function's handler."));
    public static final Setting EMBEDDED_NODE_CLASSPATH = add(new Setting(
            "mayfly.embedded.node-classpath",
            Scope.EMBEDDED,
            Type.STRING,
            null,
            0,
            0,
            List.of(),
            false,
            "Other function code (default: the lambda-node jar bundled in mayfly-embedded)."));

    // The Spring Boot starter.
    public static final Setting FAIL_OPEN =
            add(bool("mayfly.fail-open", Scope.SPRING, "true", "A failing cache counts as a miss instead of failing."));
    public static final Setting FAIL_OPEN_LOG_INTERVAL_MS = add(longs(
            "mayfly.fail-open-log-interval-ms",
            Scope.SPRING,
            "60000",
            1,
            LMAX,
            false,
            "First failure logged, then one line per interval with a count."));

    // The erasure codec (a JVM system property).
    public static final Setting ERASURE_PATH = add(choice(
            "mayfly.erasure.path",
            Scope.SYSTEM,
            "auto",
            List.of("auto", "scalar", "vector"),
            "`auto`: scalar until the SIMD kernel is compiled; or force one kernel."));

    // Hibernate's second-level cache.
    public static final Setting HIBERNATE_FAIL_OPEN = add(bool(
            "hibernate.cache.mayfly.fail-open",
            Scope.HIBERNATE,
            "true",
            "false: a cache failure fails the Hibernate operation."));
    public static final Setting HIBERNATE_RETRY_INTERVAL_MS = add(longs(
            "hibernate.cache.mayfly.retry-interval-ms",
            Scope.HIBERNATE,
            "1000",
            0,
            LMAX,
            false,
            "After a failure a region skips the cache this long."));
    public static final Setting HIBERNATE_LOG_INTERVAL_MS = add(longs(
            "hibernate.cache.mayfly.log-interval-ms",
            Scope.HIBERNATE,
            "60000",
            1,
            LMAX,
            false,
            "First failure logged, then one line per interval."));
    public static final Setting HIBERNATE_CACHE_MANAGER = add(new Setting(
            "hibernate.cache.mayfly.cache-manager",
            Scope.HIBERNATE,
            Type.STRING,
            null,
            0,
            0,
            List.of(),
            false,
            "Keep regions in the application's cache manager (the object or its URI) instead of one of their own."));
    public static final Setting HIBERNATE_CONFIG = add(new Setting(
            "hibernate.cache.mayfly.config",
            Scope.HIBERNATE,
            Type.STRING,
            null,
            0,
            0,
            List.of(),
            false,
            "The Mayfly properties file (classpath:..., file:...; default: the provider's default URI)."));

    // The function's environment (lambda-node).
    public static final Setting NODE_JVM_ALLOWANCE_BYTES = add(longs(
            "MAYFLY_NODE_JVM_ALLOWANCE_BYTES",
            Scope.NODE_ENV,
            Long.toString(64L << 20),
            0,
            LMAX,
            false,
            "Memory for the JVM itself, not shards."));
    public static final Setting NODE_HEAP_RESERVE_BYTES = add(longs(
            "MAYFLY_NODE_HEAP_RESERVE_BYTES",
            Scope.NODE_ENV,
            Long.toString(16L << 20),
            0,
            LMAX,
            false,
            "Heap kept for the segments of requests in flight."));
    public static final Setting NODE_OVERHEAD_PERCENT = add(ints(
            "MAYFLY_NODE_OVERHEAD_PERCENT",
            Scope.NODE_ENV,
            "10",
            0,
            99,
            false,
            "Share of the memory limit kept for headroom and fragmentation."));
    public static final Setting NODE_DEADLINE_MARGIN_MS = add(longs(
            "MAYFLY_NODE_DEADLINE_MARGIN_MS",
            Scope.NODE_ENV,
            "500",
            0,
            LMAX,
            false,
            "Return this long before the invocation's deadline."));
    public static final Setting NODE_RETURN_LEAD_MS = add(longs(
            "MAYFLY_NODE_RETURN_LEAD_MS",
            Scope.NODE_ENV,
            "10",
            0,
            LMAX,
            false,
            "Return this long before a billing window ends."));
    public static final Setting NODE_CONNECT_TIMEOUT_MS = add(longs(
            "MAYFLY_NODE_CONNECT_TIMEOUT_MS",
            Scope.NODE_ENV,
            "5000",
            1,
            LMAX,
            false,
            "How long dialing the proxy may take."));
    public static final Setting NODE_SEGMENT_CAP_BYTES = add(ints(
            "MAYFLY_NODE_SEGMENT_CAP_BYTES",
            Scope.NODE_ENV,
            "1048576",
            1,
            1 << 24,
            false,
            "Largest segment the function sends."));

    /**
     * Cache settings whose default the Spring Boot starter changes: {@code @Cacheable("any-name")}
     * needs caches created on first use, and Boot's cache metrics need statistics.
     */
    public static final Map<Setting, String> STARTER_CACHE_DEFAULTS =
            Map.of(CREATE_ON_GET, "true", STATISTICS_ENABLED, "true");

    private SettingsRegistry() {}

    private static Setting add(Setting setting) {
        ALL.add(setting);
        return setting;
    }

    private static Setting longs(
            String key, Scope scope, @Nullable String dflt, long min, long max, boolean perCache, String doc) {
        return new Setting(key, scope, Type.LONG, dflt, min, max, List.of(), perCache, doc);
    }

    private static Setting ints(
            String key, Scope scope, @Nullable String dflt, long min, long max, boolean perCache, String doc) {
        return new Setting(key, scope, Type.INT, dflt, min, max, List.of(), perCache, doc);
    }

    private static Setting bool(String key, Scope scope, String dflt, String doc) {
        return new Setting(key, scope, Type.BOOLEAN, dflt, 0, 0, List.of(), false, doc);
    }

    private static Setting choice(String key, Scope scope, String dflt, List<String> choices, String doc) {
        return new Setting(key, scope, Type.CHOICE, dflt, 0, 0, choices, false, doc);
    }

    /** Every setting, in declaration order. */
    public static List<Setting> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The settings that are written as {@code mayfly.*} keys, by key. */
    public static Map<String, Setting> mayflyKeys() {
        Map<String, Setting> keys = new LinkedHashMap<>();
        for (Setting s : ALL) {
            if (s.key().startsWith(PREFIX)) {
                keys.put(s.key(), s);
            }
        }
        return keys;
    }

    /** The setting of a top-level key or a cache key's suffix, or null. */
    public static @Nullable Setting find(String key) {
        for (Setting s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Checks every {@code mayfly.*} key of a manager's settings: each must be a known setting (a
     * cache key after {@code mayfly.cache.<name>.} or {@code mayfly.default.}), with a valid value.
     *
     * @throws IllegalArgumentException "unknown setting mayfly.data-shard; did you mean mayfly.data-shards?"
     */
    public static void checkKeys(Map<String, String> settings) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || isStoreExtension(key)) {
                continue;
            }
            Setting setting = resolve(key);
            if (setting == null) {
                throw new IllegalArgumentException("unknown setting " + key + suggestion(key));
            }
            setting.check(e.getValue());
        }
    }

    /**
     * A key not checked here: a custom store factory's own ({@code mayfly.store.<key>}), or a named
     * allow-list of the serializer ({@code mayfly.serializer.allow.<name>}).
     */
    public static boolean isStoreExtension(String key) {
        return key.startsWith(STORE_EXTENSION_PREFIX) || key.startsWith("mayfly.serializer.allow.");
    }

    /** The setting a {@code mayfly.*} key names, per-cache keys included, or null. */
    public static @Nullable Setting resolve(String key) {
        Setting top = find(key);
        if (top != null && top.scope() != Scope.CACHE && top.key().startsWith(PREFIX)) {
            return top;
        }
        @Nullable String suffix = null;
        if (key.startsWith(DEFAULT_PREFIX)) {
            suffix = key.substring(DEFAULT_PREFIX.length());
        } else if (key.startsWith(CACHE_PREFIX)) {
            String rest = key.substring(CACHE_PREFIX.length());
            // Cache names may contain dots: try every split, the longest known suffix first.
            for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
                Setting s = cacheKey(rest.substring(dot + 1));
                if (s != null) {
                    return s;
                }
            }
            return null;
        }
        return suffix == null ? null : cacheKey(suffix);
    }

    private static @Nullable Setting cacheKey(String suffix) {
        for (Setting s : ALL) {
            if ((s.scope() == Scope.CACHE && s.key().equals(suffix))
                    || (s.perCache() && s.cacheSuffix().equals(suffix))) {
                return s;
            }
        }
        return null;
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String prefix = "";
        String bare = key;
        if (key.startsWith(DEFAULT_PREFIX)) {
            prefix = DEFAULT_PREFIX;
            bare = key.substring(prefix.length());
        } else if (key.startsWith(CACHE_PREFIX) && key.indexOf('.', CACHE_PREFIX.length()) > 0) {
            prefix = key.substring(0, key.indexOf('.', CACHE_PREFIX.length()) + 1);
            bare = key.substring(prefix.length());
        }
        for (Setting s : ALL) {
            List<String> candidates = new ArrayList<>();
            if (prefix.isEmpty() && s.key().startsWith(PREFIX) && s.scope() != Scope.CACHE) {
                candidates.add(s.key());
            }
            if (!prefix.isEmpty() && (s.scope() == Scope.CACHE || s.perCache())) {
                candidates.add(prefix + (s.scope() == Scope.CACHE ? s.key() : s.cacheSuffix()));
            }
            if (prefix.isEmpty() && s.scope() == Scope.CACHE) {
                candidates.add(DEFAULT_PREFIX + s.key());
            }
            for (String c : candidates) {
                int d = distance(key, c);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
        }
        return best != null && bestDistance <= Math.max(3, bare.length() / 3)
                ? "; did you mean " + best + "?"
                : " (docs/configuration.md lists every setting)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
