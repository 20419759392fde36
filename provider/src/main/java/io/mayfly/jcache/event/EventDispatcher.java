package io.mayfly.jcache.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a cache's entry events. Synchronous listeners run in the caller's thread before the
 * operation returns, and their failures reach the caller as {@link CacheEntryListenerException}.
 * Asynchronous deliveries for one key are chained, so one key's events arrive in the order the
 * operations committed (JSR-107 section 8.4); different keys proceed in parallel.
 */
public final class EventDispatcher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
    private final Map<Object, CompletableFuture<Void>> lastDeliveryPerKey = new ConcurrentHashMap<>();
    private final Executor executor;

    public EventDispatcher(Executor executor) {
        this.executor = executor;
    }

    /** Registers a listener; false if an equal configuration is already registered. */
    public synchronized boolean register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (ListenerRegistration<K, V> r : registrations) {
            if (r.configuration().equals(configuration)) {
                return false;
            }
        }
        registrations.add(new ListenerRegistration<>(configuration));
        return true;
    }

    public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        for (ListenerRegistration<K, V> r : registrations) {
            if (r.configuration().equals(configuration)) {
                registrations.remove(r);
                r.close();
            }
        }
    }

    public boolean hasListeners() {
        return !registrations.isEmpty();
    }

    /**
     * Publishes events of one operation.
     *
     * @param orderingKey what identifies the key for per-key ordering (its serialized form)
     * @throws CacheEntryListenerException when a synchronous listener failed
     */
    public void publish(Object orderingKey, List<? extends CacheEntryEvent<K, V>> events) {
        if (events.isEmpty() || registrations.isEmpty()) {
            return;
        }
        RuntimeException failure = null;
        for (ListenerRegistration<K, V> registration : registrations) {
            for (CacheEntryEvent<K, V> event : events) {
                if (registration.isSynchronous()) {
                    try {
                        if (registration.wants(event)) {
                            registration.deliver(event);
                        }
                    } catch (RuntimeException e) {
                        failure = failure != null ? failure : asListenerException(e);
                    }
                } else {
                    deliverLater(orderingKey, registration, event);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deliverLater(Object key, ListenerRegistration<K, V> registration, CacheEntryEvent<K, V> event) {
        Runnable delivery = () -> {
            try {
                if (registration.wants(event)) {
                    registration.deliver(event);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "asynchronous listener {} failed on {} of key {}",
                        registration.configuration().getCacheEntryListenerFactory(),
                        event.getEventType(),
                        event.getKey(),
                        e);
            }
        };
        CompletableFuture<Void> next = lastDeliveryPerKey.compute(
                key,
                (k, previous) -> previous == null || previous.isDone()
                        ? CompletableFuture.runAsync(delivery, executor)
                        : previous.thenRunAsync(delivery, executor));
        next.whenComplete((ignored, error) -> lastDeliveryPerKey.remove(key, next));
    }

    public void close() {
        for (ListenerRegistration<K, V> r : registrations) {
            r.close();
        }
        registrations.clear();
    }

    private static RuntimeException asListenerException(RuntimeException e) {
        return e instanceof CacheEntryListenerException
                ? e
                : new CacheEntryListenerException("a synchronous cache entry listener failed: " + e, e);
    }
}
