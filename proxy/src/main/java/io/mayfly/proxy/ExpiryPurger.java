package io.mayfly.proxy;

import io.mayfly.proxy.index.ObjectMeta;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes values past their expiry in the background, so they free their shards' room, their
 * small-tier bytes and their pinned bytes instead of waiting for a read to find them expired. The
 * index knows every value's expiry; a pass is a scan of it, once per interval.
 */
final class ExpiryPurger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExpiryPurger.class);

    /** Between passes: expired values free their room within about this long. */
    static final long INTERVAL_MS = 1_000;

    private final StoreCoordinator store;
    private final LongSupplier clock;
    private @Nullable ScheduledFuture<?> ticks;

    ExpiryPurger(StoreCoordinator store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    void start(ScheduledExecutorService timer) {
        ticks = timer.scheduleWithFixedDelay(this::purge, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** One pass; returns how many values it removed. */
    int purge() {
        long now = clock.getAsLong();
        int purged = 0;
        for (ObjectMeta meta : store.storage.index.entries()) {
            if (meta.expiresAtMillis() < now) {
                ObjectMeta removed = store.storage.index.removeExpired(meta.key(), now);
                if (removed != null) {
                    store.storage.reclaim(removed);
                    purged++;
                }
            }
        }
        if (purged > 0) {
            log.debug("purged {} expired values", purged);
        }
        return purged;
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
