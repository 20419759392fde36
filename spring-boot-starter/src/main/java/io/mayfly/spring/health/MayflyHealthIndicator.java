package io.mayfly.spring.health;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.ObjectStore;
import io.mayfly.embedded.EmbeddedStores;
import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health}'s {@code mayfly} component. An embedded proxy reports its own health:
 * UP, DOWN with the reason, or DEGRADED when its pool cannot hold k+r shards (values still read
 * back, but new large values cannot be placed). A remote proxy is asked for one key's metadata
 * within the operation timeout. Before the first cache operation no store is open (caches open on
 * first use): that is UP, with a detail saying so.
 */
public final class MayflyHealthIndicator implements HealthIndicator {

    /** The pool is serving but cannot place a full stripe of shards. */
    public static final Status DEGRADED = new Status("DEGRADED", "the pool cannot hold k+r shards");

    private static final byte[] PROBE_KEY = "health".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final List<ObjectStore> stores = new CopyOnWriteArrayList<>();
    private final Supplier<MayflyCacheManager> manager;
    private final AtomicBoolean listening = new AtomicBoolean();

    /** @param manager the application's Mayfly cache manager, or null; asked at the first check */
    public MayflyHealthIndicator(Supplier<MayflyCacheManager> manager) {
        this.manager = manager;
    }

    @Override
    public Health health() {
        // Listen from the first check, not from startup: the cache manager is not forced into
        // being early, and onStoreOpened reports the stores opened before.
        if (!listening.get()) {
            MayflyCacheManager m = manager.get();
            if (m != null && listening.compareAndSet(false, true)) {
                m.onStoreOpened(stores::add);
            }
        }
        if (stores.isEmpty()) {
            return Health.up()
                    .withDetail("store", "none open yet: caches open the store on first use")
                    .build();
        }
        Health.Builder worst = null;
        int rank = -1;
        for (ObjectStore store : stores) {
            Health.Builder h = check(store);
            int r = rankOf(h.build().getStatus());
            if (r > rank) {
                rank = r;
                worst = h;
            }
        }
        return worst.build();
    }

    private static int rankOf(Status status) {
        if (Status.DOWN.equals(status)) {
            return 3;
        }
        return DEGRADED.equals(status) ? 2 : 1;
    }

    private static Health.Builder check(ObjectStore store) {
        ProxyStack embedded = EmbeddedStores.proxyOf(store);
        if (embedded != null) {
            ProxyServer proxy = embedded.server();
            MetricsEndpoint.Health h = proxy.health();
            Health.Builder b =
                    h.up() ? Health.up() : h.reason().contains("cannot hold") ? Health.status(DEGRADED) : Health.down();
            return b.withDetail("mode", "embedded")
                    .withDetail("reason", h.reason())
                    .withDetail("functions", proxy.poolSize());
        }
        try {
            // One metadata round trip through the proxy: it answers, or the probe fails in the timeout.
            store.keySpace("mayfly-health", CodingSettings.DEFAULTS).head(PROBE_KEY);
            return Health.up().withDetail("mode", "remote");
        } catch (RuntimeException e) {
            return Health.down().withDetail("mode", "remote").withDetail("reason", String.valueOf(e.getMessage()));
        }
    }
}
