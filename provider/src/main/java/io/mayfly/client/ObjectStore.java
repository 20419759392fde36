package io.mayfly.client;

/**
 * The byte-level store below JCache: opaque keys and values, versioned, kept by a proxy.
 *
 * <p>One store serves many caches; each cache works in its own {@link KeySpace}. Implementations
 * own sockets and threads, so {@link #close()} is idempotent and returns promptly even when the
 * proxy is unreachable.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Returns the key space of one cache, creating it on first use. Settings are fixed by the
     * first caller; a later call with other settings gets the existing space.
     */
    KeySpace keySpace(String name, CodingSettings settings);

    /** Drops a key space and every value in it. */
    void dropKeySpace(String name);

    @Override
    void close();
}
