package io.mayfly.spring;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * A service with cached methods that counts how often each body really runs. Read the counters
 * through methods: the bean is a CGLIB proxy, whose own fields are not the target's.
 */
public class Library {

    private final AtomicInteger titleCalls = new AtomicInteger();
    private final AtomicInteger syncCalls = new AtomicInteger();
    private final AtomicInteger nullCalls = new AtomicInteger();
    private final AtomicInteger unnamedCalls = new AtomicInteger();
    /** Holds sync loads until released, so several callers are inside at once. */
    private volatile CountDownLatch syncGate = new CountDownLatch(0);

    public int titleCalls() {
        return titleCalls.get();
    }

    public int syncCalls() {
        return syncCalls.get();
    }

    public int nullCalls() {
        return nullCalls.get();
    }

    public int unnamedCalls() {
        return unnamedCalls.get();
    }

    public void holdSyncLoads(CountDownLatch gate) {
        this.syncGate = gate;
    }

    @Cacheable("books")
    public String title(String isbn) {
        titleCalls.incrementAndGet();
        return "title of " + isbn;
    }

    @Cacheable(cacheNames = "books-sync", sync = true)
    public String titleSync(String isbn) throws InterruptedException {
        syncCalls.incrementAndGet();
        syncGate.await(30, TimeUnit.SECONDS);
        return "title of " + isbn;
    }

    @CachePut(cacheNames = "books", key = "#isbn")
    public String retitle(String isbn, String title) {
        return title;
    }

    @CacheEvict(cacheNames = "books", allEntries = true)
    public void evictAll() {}

    @Cacheable("books")
    public String missing(String isbn) {
        nullCalls.incrementAndGet();
        return null;
    }

    @Cacheable("unnamed")
    public String unnamed(String key) {
        unnamedCalls.incrementAndGet();
        return "value of " + key;
    }
}
