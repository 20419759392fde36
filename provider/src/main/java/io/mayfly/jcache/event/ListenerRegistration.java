package io.mayfly.jcache.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/** One registered listener: its configuration, the listener and filter it created, and delivery. */
final class ListenerRegistration<K, V> {

    private final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;

    ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration) {
        this.configuration = configuration;
        this.listener = configuration.getCacheEntryListenerFactory().create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
    }

    CacheEntryListenerConfiguration<K, V> configuration() {
        return configuration;
    }

    boolean isSynchronous() {
        return configuration.isSynchronous();
    }

    /** True when the listener implements the interface for this event's type and the filter passes. */
    boolean wants(CacheEntryEvent<K, V> event) {
        boolean listens = switch (event.getEventType()) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
        return listens && (filter == null || filter.evaluate(event));
    }

    @SuppressWarnings("unchecked")
    void deliver(CacheEntryEvent<K, V> event) {
        List<CacheEntryEvent<? extends K, ? extends V>> one = List.of(event);
        EventType type = event.getEventType();
        switch (type) {
            case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(one);
            case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(one);
            case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(one);
            case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(one);
        }
    }

    void close() {
        closeQuietly(listener);
        closeQuietly(filter);
    }

    private static void closeQuietly(@Nullable Object resource) {
        if (resource instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                // a listener's failure to close must not keep the cache open
            }
        }
    }
}
