package io.mayfly.proxy.index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Values below the small-value threshold, kept whole in the proxy's heap, LRU by bytes.
 *
 * <p>InfiniCache pays an invocation (~13 ms) for every request to a function; a small value held
 * here costs none. Entries are keyed by version like shards are, so a write in flight never
 * replaces the bytes a reader of the committed version is using. LRU (not CLOCK) here: the tier
 * is one map under one lock anyway, and a hit costs a pointer move.
 */
public final class SmallValueTier {

    private final long capacityBytes;
    private final LinkedHashMap<VersionedKey, byte[]> values = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<VersionedKey> pinned = new HashSet<>();
    private long usedBytes;
    private long pinnedBytes;

    public SmallValueTier(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException(
                    "small-value tier capacity " + capacityBytes + " bytes must not be negative");
        }
        this.capacityBytes = capacityBytes;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** An ordinary (evictable) value: see {@link #put(ObjectKey, long, byte[], boolean)}. */
    public synchronized List<Evicted> put(ObjectKey key, long version, byte[] value) {
        return put(key, version, value, false);
    }

    /**
     * Stores a value (taking ownership of the array) and returns what was evicted to make room:
     * the caller removes those versions from the index. A value that cannot fit even after every
     * unpinned value is evicted (larger than the tier, or than what pinned values leave of it) is
     * not stored, evicts nothing, and is returned as its own eviction.
     */
    public synchronized List<Evicted> put(ObjectKey key, long version, byte[] value, boolean pin) {
        List<Evicted> evicted = new ArrayList<>();
        VersionedKey vk = new VersionedKey(key, version);
        byte[] previous = values.remove(vk);
        if (previous != null) {
            usedBytes -= previous.length;
            if (pinned.remove(vk)) {
                pinnedBytes -= previous.length;
            }
        }
        if (value.length > capacityBytes - pinnedBytes) {
            evicted.add(new Evicted(key, version));
            return evicted;
        }
        values.put(vk, value);
        usedBytes += value.length;
        if (pin) {
            pinned.add(vk);
            pinnedBytes += value.length;
        }
        Iterator<Map.Entry<VersionedKey, byte[]>> eldest = values.entrySet().iterator();
        while (usedBytes > capacityBytes && eldest.hasNext()) {
            Map.Entry<VersionedKey, byte[]> e = eldest.next();
            if (e.getKey().equals(vk) || pinned.contains(e.getKey())) {
                continue;
            }
            usedBytes -= e.getValue().length;
            evicted.add(new Evicted(e.getKey().key(), e.getKey().version()));
            eldest.remove();
        }
        return evicted;
    }

    /** The bytes of that version (shared: callers must not modify), or null. */
    public synchronized byte @Nullable [] get(ObjectKey key, long version) {
        return values.get(new VersionedKey(key, version));
    }

    public synchronized void remove(ObjectKey key, long version) {
        VersionedKey vk = new VersionedKey(key, version);
        byte[] removed = values.remove(vk);
        if (removed != null) {
            usedBytes -= removed.length;
            if (pinned.remove(vk)) {
                pinnedBytes -= removed.length;
            }
        }
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** Bytes of pinned values, which eviction never frees. */
    public synchronized long pinnedBytes() {
        return pinnedBytes;
    }

    public synchronized int size() {
        return values.size();
    }

    /** A version pushed out of the tier. */
    public record Evicted(ObjectKey key, long version) {}

    private record VersionedKey(ObjectKey key, long version) {}
}
