package io.mayfly.embedded;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.proxy.DirectStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded store: gets of small-tier values and puts of values that travel inline are
 * answered in the caller's thread by the proxy's {@link DirectStore}; everything else (values in
 * shards, removes, leases, touch, keys, clear, drop) and whatever the direct path leaves to it go
 * over the in-JVM channel of the wrapped {@link ProxyObjectStore}, as before. Closing closes the
 * wrapped store, which stops the proxy; no direct call reaches a closed one.
 */
final class EmbeddedObjectStore implements ObjectStore {

    private final ProxyObjectStore channel;
    private final DirectStore direct;
    private final ConcurrentHashMap<String, EmbeddedKeySpace> spaces = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    EmbeddedObjectStore(ProxyObjectStore channel, DirectStore direct) {
        this.channel = channel;
        this.direct = direct;
    }

    /** The store over the in-JVM channel, which owns the proxy. */
    ProxyObjectStore channel() {
        return channel;
    }

    @Override
    public KeySpace keySpace(String name, CodingSettings settings) {
        checkOpen();
        // The channel's key space has the first caller's settings too: both are created here first.
        return spaces.computeIfAbsent(
                name, n -> new EmbeddedKeySpace(n, settings, channel.keySpace(n, settings), direct, this));
    }

    @Override
    public void dropKeySpace(String name) {
        checkOpen();
        spaces.remove(name);
        channel.dropKeySpace(name);
    }

    /** Throws as the channel's store does once closed. */
    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the object store is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            channel.close();
        }
    }
}
