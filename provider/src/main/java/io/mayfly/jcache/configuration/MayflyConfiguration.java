package io.mayfly.jcache.configuration;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * A cache's JCache configuration plus how Mayfly stores its values. A setting left unset (empty)
 * takes the cache manager's value for it (configuration file, system property, then default).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class MayflyConfiguration<K, V> extends MutableConfiguration<K, V> {

    private static final long serialVersionUID = 1L;

    private @Nullable Integer dataShards;
    private @Nullable Integer parityShards;
    private @Nullable Long smallValueThresholdBytes;
    private @Nullable Long maxValueSizeBytes;
    private @Nullable String proxy;
    private @Nullable Long operationTimeoutMs;
    private @Nullable Boolean pinned;
    /** Not part of the serialized form: a clock is a runtime choice (tests inject one). */
    private transient @Nullable Clock clock;

    public MayflyConfiguration() {
        super();
    }

    /** Copies a JCache configuration, and Mayfly's settings too when it is a MayflyConfiguration. */
    public MayflyConfiguration(CompleteConfiguration<K, V> configuration) {
        super(configuration);
        if (configuration instanceof MayflyConfiguration<K, V> other) {
            dataShards = other.dataShards;
            parityShards = other.parityShards;
            smallValueThresholdBytes = other.smallValueThresholdBytes;
            maxValueSizeBytes = other.maxValueSizeBytes;
            proxy = other.proxy;
            operationTimeoutMs = other.operationTimeoutMs;
            pinned = other.pinned;
            clock = other.clock;
        }
    }

    /** Copies the types and store-by-value flag of a configuration that is not complete. */
    public static <K, V> MayflyConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return new MayflyConfiguration<>(complete);
        }
        MayflyConfiguration<K, V> copy = new MayflyConfiguration<>();
        copy.setTypes(configuration.getKeyType(), configuration.getValueType());
        copy.setStoreByValue(configuration.isStoreByValue());
        return copy;
    }

    /** k, the number of data shards of an erasure-coded value. */
    public Optional<Integer> getDataShards() {
        return Optional.ofNullable(dataShards);
    }

    public MayflyConfiguration<K, V> setDataShards(int dataShards) {
        this.dataShards = positive("data-shards", dataShards);
        return this;
    }

    /** r, the number of parity shards; any r of the k+r shards may be lost. */
    public Optional<Integer> getParityShards() {
        return Optional.ofNullable(parityShards);
    }

    public MayflyConfiguration<K, V> setParityShards(int parityShards) {
        if (parityShards < 0) {
            throw new IllegalArgumentException(
                    "parity-shards " + parityShards + " must not be negative (0 disables parity)");
        }
        this.parityShards = parityShards;
        return this;
    }

    /** Values shorter than this stay whole in the proxy's memory tier; 0 sends all to functions. */
    public Optional<Long> getSmallValueThresholdBytes() {
        return Optional.ofNullable(smallValueThresholdBytes);
    }

    public MayflyConfiguration<K, V> setSmallValueThresholdBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("small-value-threshold-bytes " + bytes
                    + " must not be negative (0 sends every value to functions)");
        }
        this.smallValueThresholdBytes = bytes;
        return this;
    }

    /** Serialized values larger than this are refused before anything is sent. */
    public Optional<Long> getMaxValueSizeBytes() {
        return Optional.ofNullable(maxValueSizeBytes);
    }

    public MayflyConfiguration<K, V> setMaxValueSizeBytes(long bytes) {
        this.maxValueSizeBytes = positive("max-value-size-bytes", bytes);
        return this;
    }

    /** {@code embedded}, or a comma-separated list of {@code host:port} of a remote proxy. */
    public Optional<String> getProxy() {
        return Optional.ofNullable(proxy);
    }

    public MayflyConfiguration<K, V> setProxy(String proxy) {
        this.proxy = MayflySettings.checkProxy(Objects.requireNonNull(proxy, "proxy"));
        return this;
    }

    /** How long one store call may take before the operation fails with a CacheException. */
    public Optional<Long> getOperationTimeoutMs() {
        return Optional.ofNullable(operationTimeoutMs);
    }

    public MayflyConfiguration<K, V> setOperationTimeoutMs(long millis) {
        this.operationTimeoutMs = positive("operation-timeout-ms", millis);
        return this;
    }

    /** Whether the proxy must never evict this cache's values (it bounds pinned bytes instead). */
    public Optional<Boolean> getPinned() {
        return Optional.ofNullable(pinned);
    }

    public MayflyConfiguration<K, V> setPinned(boolean pinned) {
        this.pinned = pinned;
        return this;
    }

    /** The clock expiry is computed with; empty means the system clock. */
    public Optional<Clock> getClock() {
        return Optional.ofNullable(clock);
    }

    /** Sets the clock expiry is computed with, so a test can move time without sleeping. */
    public MayflyConfiguration<K, V> setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
        return value;
    }

    private static long positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MayflyConfiguration<?, ?> other
                && super.equals(o)
                && Objects.equals(dataShards, other.dataShards)
                && Objects.equals(parityShards, other.parityShards)
                && Objects.equals(smallValueThresholdBytes, other.smallValueThresholdBytes)
                && Objects.equals(maxValueSizeBytes, other.maxValueSizeBytes)
                && Objects.equals(proxy, other.proxy)
                && Objects.equals(operationTimeoutMs, other.operationTimeoutMs)
                && Objects.equals(pinned, other.pinned);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                super.hashCode(),
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                maxValueSizeBytes,
                proxy,
                operationTimeoutMs,
                pinned);
    }
}
