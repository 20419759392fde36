package io.mayfly.spring.autoconfigure;

import io.mayfly.settings.Setting;
import io.mayfly.settings.SettingsRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mayfly's settings in a Spring Boot application: the same {@code mayfly.*} keys as the
 * provider's configuration file, so a key means the same in {@code application.properties}, in
 * {@code mayfly.properties} and as a system property. A key left unset here falls through to the
 * file named by {@code spring.cache.jcache.config} (or {@code mayfly.properties} on the class
 * path), then to the provider's default. Two keys are the starter's own: {@code mayfly.fail-open}
 * and {@code mayfly.fail-open-log-interval-ms}.
 */
@ConfigurationProperties(prefix = "mayfly")
public class MayflyProperties {

    /** Class name of the io.mayfly.client.ObjectStoreFactory that opens the manager's store (default: the embedded store). */
    private @Nullable String storeFactory;

    /** "embedded" (a proxy and local function instances inside this JVM) or host:port[,host:port...] of remote proxies. */
    private @Nullable String proxy;

    /** How long one store call may take before the cache operation fails, in milliseconds (default 5000). */
    private @Nullable Long operationTimeoutMs;

    /** k, the data shards of an erasure-coded value (default 10). */
    private @Nullable Integer dataShards;

    /** r, the parity shards of an erasure-coded value; any r of the k+r may be lost (default 2). */
    private @Nullable Integer parityShards;

    /** Values smaller than this stay whole in the proxy's memory tier; 0 sends every value to functions (default 1 MiB). */
    private @Nullable Long smallValueThresholdBytes;

    /** Serialized values larger than this are refused before anything is sent (default 1 GiB). */
    private @Nullable Long maxValueSizeBytes;

    /** Class name of the io.mayfly.jcache.copy.Serializer for keys and values (default: JDK serialization). */
    private @Nullable String serializer;

    /** Run store calls on worker threads so a hung store cannot outlast the operation timeout (default true). */
    private @Nullable Boolean guardStoreCalls;

    /** "shared": a cache is shared by every manager of the same URI on the same proxy; "manager": private to one manager instance. */
    private @Nullable String keySpaceScope;

    /** Whether a failing cache is treated as a miss (the method runs, the result is returned, the failure is logged). */
    private boolean failOpen = SettingsRegistry.FAIL_OPEN.parseBoolean(null);

    /** At most one fail-open warning per this many milliseconds; the failures in between are counted in the next one. */
    private long failOpenLogIntervalMs = SettingsRegistry.FAIL_OPEN_LOG_INTERVAL_MS.parseLong(null);

    /** The template of caches that no setting names (mayfly.default.*). */
    private final CacheDefaults defaults = new CacheDefaults();

    /** One cache's own settings, by cache name (mayfly.cache.<name>.*); a named cache is created at startup. */
    private final Map<String, CacheSettings> cache = new LinkedHashMap<>();

    /**
     * The {@code mayfly.*} keys to hand to the provider's {@code getCacheManager}; unset keys are
     * left out so the configuration file and the provider's defaults still apply.
     */
    public Properties providerProperties() {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("mayfly.store-factory", storeFactory);
        entries.put("mayfly.proxy", proxy);
        entries.put("mayfly.operation-timeout-ms", operationTimeoutMs);
        entries.put("mayfly.data-shards", dataShards);
        entries.put("mayfly.parity-shards", parityShards);
        entries.put("mayfly.small-value-threshold-bytes", smallValueThresholdBytes);
        entries.put("mayfly.max-value-size-bytes", maxValueSizeBytes);
        entries.put("mayfly.serializer", serializer);
        entries.put("mayfly.guard-store-calls", guardStoreCalls);
        entries.put("mayfly.key-space-scope", keySpaceScope);
        defaults.putInto("mayfly.default.", entries);
        cache.forEach((name, settings) -> settings.putInto("mayfly.cache." + name + ".", entries));
        Properties properties = new Properties();
        entries.forEach((key, value) -> {
            if (value != null) {
                properties.setProperty(key, value.toString().trim());
            }
        });
        return properties;
    }

    public @Nullable String getStoreFactory() {
        return storeFactory;
    }

    public void setStoreFactory(@Nullable String storeFactory) {
        this.storeFactory = storeFactory;
    }

    public @Nullable String getProxy() {
        return proxy;
    }

    public void setProxy(@Nullable String proxy) {
        this.proxy = proxy;
    }

    public @Nullable Long getOperationTimeoutMs() {
        return operationTimeoutMs;
    }

    public void setOperationTimeoutMs(@Nullable Long operationTimeoutMs) {
        this.operationTimeoutMs = operationTimeoutMs;
    }

    public @Nullable Integer getDataShards() {
        return dataShards;
    }

    public void setDataShards(@Nullable Integer dataShards) {
        this.dataShards = dataShards;
    }

    public @Nullable Integer getParityShards() {
        return parityShards;
    }

    public void setParityShards(@Nullable Integer parityShards) {
        this.parityShards = parityShards;
    }

    public @Nullable Long getSmallValueThresholdBytes() {
        return smallValueThresholdBytes;
    }

    public void setSmallValueThresholdBytes(@Nullable Long smallValueThresholdBytes) {
        this.smallValueThresholdBytes = smallValueThresholdBytes;
    }

    public @Nullable Long getMaxValueSizeBytes() {
        return maxValueSizeBytes;
    }

    public void setMaxValueSizeBytes(@Nullable Long maxValueSizeBytes) {
        this.maxValueSizeBytes = maxValueSizeBytes;
    }

    public @Nullable String getSerializer() {
        return serializer;
    }

    public void setSerializer(@Nullable String serializer) {
        this.serializer = serializer;
    }

    public @Nullable Boolean getGuardStoreCalls() {
        return guardStoreCalls;
    }

    public void setGuardStoreCalls(@Nullable Boolean guardStoreCalls) {
        this.guardStoreCalls = guardStoreCalls;
    }

    public @Nullable String getKeySpaceScope() {
        return keySpaceScope;
    }

    public void setKeySpaceScope(@Nullable String keySpaceScope) {
        this.keySpaceScope = keySpaceScope;
    }

    public boolean isFailOpen() {
        return failOpen;
    }

    public void setFailOpen(boolean failOpen) {
        this.failOpen = failOpen;
    }

    public long getFailOpenLogIntervalMs() {
        return failOpenLogIntervalMs;
    }

    public void setFailOpenLogIntervalMs(long failOpenLogIntervalMs) {
        if (failOpenLogIntervalMs < 0) {
            throw new IllegalArgumentException("mayfly.fail-open-log-interval-ms=" + failOpenLogIntervalMs
                    + " must not be negative (0 logs every failure)");
        }
        this.failOpenLogIntervalMs = failOpenLogIntervalMs;
    }

    /** Bound as {@code mayfly.default.*}: {@code default} is a Java keyword, so the getter names it. */
    public CacheDefaults getDefault() {
        return defaults;
    }

    public Map<String, CacheSettings> getCache() {
        return cache;
    }

    /** The template of caches that no setting names. */
    public static class CacheDefaults {

        /** Let getCache(name) create caches nobody configured, as @Cacheable("any-name") needs (the starter's default: true). */
        private @Nullable Boolean createOnGet = starterDefault(SettingsRegistry.CREATE_ON_GET);

        /** Keep JSR-107 statistics (hits, misses, puts...) for Micrometer's cache metrics (the starter's default: true). */
        private @Nullable Boolean statisticsEnabled = starterDefault(SettingsRegistry.STATISTICS_ENABLED);

        /** Register each cache's JSR-107 configuration MBean. */
        private @Nullable Boolean managementEnabled;

        /** Entries expire this many milliseconds after they are written (default: never). */
        private @Nullable Long expireAfterWriteMs;

        void putInto(String prefix, Map<String, Object> entries) {
            entries.put(prefix + "create-on-get", createOnGet);
            entries.put(prefix + "statistics-enabled", statisticsEnabled);
            entries.put(prefix + "management-enabled", managementEnabled);
            entries.put(prefix + "expire-after-write-ms", expireAfterWriteMs);
        }

        public @Nullable Boolean getCreateOnGet() {
            return createOnGet;
        }

        public void setCreateOnGet(@Nullable Boolean createOnGet) {
            this.createOnGet = createOnGet;
        }

        public @Nullable Boolean getStatisticsEnabled() {
            return statisticsEnabled;
        }

        public void setStatisticsEnabled(@Nullable Boolean statisticsEnabled) {
            this.statisticsEnabled = statisticsEnabled;
        }

        public @Nullable Boolean getManagementEnabled() {
            return managementEnabled;
        }

        public void setManagementEnabled(@Nullable Boolean managementEnabled) {
            this.managementEnabled = managementEnabled;
        }

        public @Nullable Long getExpireAfterWriteMs() {
            return expireAfterWriteMs;
        }

        public void setExpireAfterWriteMs(@Nullable Long expireAfterWriteMs) {
            this.expireAfterWriteMs = expireAfterWriteMs;
        }
    }

    /** One cache's own settings; unset ones take the global or template value. */
    public static class CacheSettings {

        /** k for this cache's values. */
        private @Nullable Integer dataShards;

        /** r for this cache's values. */
        private @Nullable Integer parityShards;

        /** This cache's small-value threshold, in bytes. */
        private @Nullable Long smallValueThresholdBytes;

        /** This cache's largest accepted serialized value, in bytes. */
        private @Nullable Long maxValueSizeBytes;

        /** This cache's proxy: "embedded" or host:port[,host:port...]. */
        private @Nullable String proxy;

        /** This cache's store-call timeout, in milliseconds. */
        private @Nullable Long operationTimeoutMs;

        /** Keep JSR-107 statistics for this cache. */
        private @Nullable Boolean statisticsEnabled;

        /** Register this cache's JSR-107 configuration MBean. */
        private @Nullable Boolean managementEnabled;

        /** This cache's entries expire this many milliseconds after they are written. */
        private @Nullable Long expireAfterWriteMs;

        void putInto(String prefix, Map<String, Object> entries) {
            entries.put(prefix + "data-shards", dataShards);
            entries.put(prefix + "parity-shards", parityShards);
            entries.put(prefix + "small-value-threshold-bytes", smallValueThresholdBytes);
            entries.put(prefix + "max-value-size-bytes", maxValueSizeBytes);
            entries.put(prefix + "proxy", proxy);
            entries.put(prefix + "operation-timeout-ms", operationTimeoutMs);
            entries.put(prefix + "statistics-enabled", statisticsEnabled);
            entries.put(prefix + "management-enabled", managementEnabled);
            entries.put(prefix + "expire-after-write-ms", expireAfterWriteMs);
        }

        public @Nullable Integer getDataShards() {
            return dataShards;
        }

        public void setDataShards(@Nullable Integer dataShards) {
            this.dataShards = dataShards;
        }

        public @Nullable Integer getParityShards() {
            return parityShards;
        }

        public void setParityShards(@Nullable Integer parityShards) {
            this.parityShards = parityShards;
        }

        public @Nullable Long getSmallValueThresholdBytes() {
            return smallValueThresholdBytes;
        }

        public void setSmallValueThresholdBytes(@Nullable Long smallValueThresholdBytes) {
            this.smallValueThresholdBytes = smallValueThresholdBytes;
        }

        public @Nullable Long getMaxValueSizeBytes() {
            return maxValueSizeBytes;
        }

        public void setMaxValueSizeBytes(@Nullable Long maxValueSizeBytes) {
            this.maxValueSizeBytes = maxValueSizeBytes;
        }

        public @Nullable String getProxy() {
            return proxy;
        }

        public void setProxy(@Nullable String proxy) {
            this.proxy = proxy;
        }

        public @Nullable Long getOperationTimeoutMs() {
            return operationTimeoutMs;
        }

        public void setOperationTimeoutMs(@Nullable Long operationTimeoutMs) {
            this.operationTimeoutMs = operationTimeoutMs;
        }

        public @Nullable Boolean getStatisticsEnabled() {
            return statisticsEnabled;
        }

        public void setStatisticsEnabled(@Nullable Boolean statisticsEnabled) {
            this.statisticsEnabled = statisticsEnabled;
        }

        public @Nullable Boolean getManagementEnabled() {
            return managementEnabled;
        }

        public void setManagementEnabled(@Nullable Boolean managementEnabled) {
            this.managementEnabled = managementEnabled;
        }

        public @Nullable Long getExpireAfterWriteMs() {
            return expireAfterWriteMs;
        }

        public void setExpireAfterWriteMs(@Nullable Long expireAfterWriteMs) {
            this.expireAfterWriteMs = expireAfterWriteMs;
        }
    }

    private static Boolean starterDefault(Setting setting) {
        return setting.parseBoolean(SettingsRegistry.STARTER_CACHE_DEFAULTS.get(setting));
    }
}
