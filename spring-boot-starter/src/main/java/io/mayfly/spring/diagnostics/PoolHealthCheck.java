package io.mayfly.spring.diagnostics;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.ObjectStore;
import io.mayfly.embedded.EmbeddedStores;
import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Mayfly's health as either Spring Boot line reports it. An embedded proxy reports its own health:
 * UP, DOWN with the reason, or DEGRADED when its pool cannot hold k+r shards (values still read
 * back, but new large values cannot be placed). A remote proxy is asked for one key's metadata
 * within the operation timeout. Before the first cache operation no store is open (caches open on
 * first use): that is UP, with a detail saying so.
 */
public final class PoolHealthCheck {

    /** UP, DEGRADED or DOWN, worst last. */
    public enum State {
        UP,
        DEGRADED,
        DOWN
    }

    /** A state and what explains it. */
    public record Result(State state, Map<String, Object> details) {}

    private static final byte[] PROBE_KEY = "health".getBytes(StandardCharsets.US_ASCII);

    private final List<ObjectStore> stores = new CopyOnWriteArrayList<>();
    private final Supplier<@Nullable MayflyCacheManager> manager;
    private final AtomicBoolean listening = new AtomicBoolean();

    /** @param manager the application's Mayfly cache manager, or null; asked at the first check */
    public PoolHealthCheck(Supplier<@Nullable MayflyCacheManager> manager) {
        this.manager = manager;
    }

    public Result check() {
        // Listen from the first check, not from startup: the cache manager is not forced into
        // being early, and onStoreOpened reports the stores opened before.
        if (!listening.get()) {
            MayflyCacheManager m = manager.get();
            if (m != null && listening.compareAndSet(false, true)) {
                m.onStoreOpened(stores::add);
            }
        }
        List<ObjectStore> open = List.copyOf(stores);
        if (open.isEmpty()) {
            return new Result(State.UP, Map.of("store", "none open yet: caches open the store on first use"));
        }
        Result worst = check(open.get(0));
        for (ObjectStore store : open.subList(1, open.size())) {
            Result r = check(store);
            if (r.state().ordinal() > worst.state().ordinal()) {
                worst = r;
            }
        }
        return worst;
    }

    private static Result check(ObjectStore store) {
        Map<String, Object> details = new LinkedHashMap<>();
        ProxyStack embedded = EmbeddedStores.proxyOf(store);
        if (embedded != null) {
            ProxyServer proxy = embedded.server();
            MetricsEndpoint.Health h = proxy.health();
            details.put("mode", "embedded");
            details.put("reason", h.reason());
            details.put("functions", proxy.poolSize());
            State state = h.up() ? State.UP : h.reason().contains("cannot hold") ? State.DEGRADED : State.DOWN;
            return new Result(state, details);
        }
        details.put("mode", "remote");
        try {
            // One metadata round trip through the proxy: it answers, or the probe fails in the timeout.
            store.keySpace("mayfly-health", CodingSettings.DEFAULTS).head(PROBE_KEY);
            return new Result(State.UP, details);
        } catch (RuntimeException e) {
            details.put("reason", String.valueOf(e.getMessage()));
            return new Result(State.DOWN, details);
        }
    }
}
