package io.mayfly.benchmarks.targets;

import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A cache the load driver replays a trace against: byte values under string keys. Each call
 * blocks until the cache has answered, so the driver's clock around it is the request latency.
 */
public interface CacheTarget extends AutoCloseable {

    /** Short name for tables and charts, e.g. {@code redis} or {@code jcache}. */
    String name();

    /** One line saying what exactly runs (version, provider class, port), for the report. */
    String description();

    /** Empties the cache so every target starts a replay cold. */
    void clear();

    /** The value, or null on a miss. */
    byte[] get(String key);

    void put(String key, byte[] value);

    void remove(String key);

    boolean contains(String key);

    /**
     * lambda-local's billing API ({@code GET .../mayfly-local/billing}) for the functions behind
     * this target, when the driver can read it; the driver meters the replay with it.
     */
    default Optional<URI> lambdaBillingUrl() {
        return Optional.empty();
    }

    /** The functions behind this target whose service it can report (Mayfly's embedded proxy), else 0. */
    default int functionPoolSize() {
        return 0;
    }

    /**
     * Reports to {@code recorder} each function a request needs (the proxy's demand listener) and
     * each serve invocation that returns (lambda-local's meter); null stops reporting. The driver
     * logs them to bill the replay on the trace's clock. Does nothing when the pool size is 0.
     */
    default void recordService(io.mayfly.benchmarks.billing.@Nullable ServiceRecorder recorder) {}

    /** Memory the cache itself reports using (Redis's used_memory), or -1 when it reports none. */
    long reportedMemoryBytes();

    /** Releases connections and any process the target started; idempotent. */
    @Override
    void close();
}
