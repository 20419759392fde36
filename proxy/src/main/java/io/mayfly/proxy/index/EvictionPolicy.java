package io.mayfly.proxy.index;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * CLOCK over whole values: which committed value to evict when a placement finds no room.
 *
 * <p>Why CLOCK rather than LRU: a hit only sets a reference bit (a volatile write, no lock and no
 * list reordering), so the read path, where first-d gets are many and concurrent, never contends;
 * and it is what InfiniCache uses (FAST '20, section 4.3), so its measurements carry over. Values
 * are evicted whole; the caller deletes every shard. Sizes differ by orders of magnitude, so
 * eviction is "by bytes" in the sense that the caller keeps evicting until the new value fits.
 *
 * <p>Admissions, removals and victim searches share the ring's lock; only a hit stays lock-free.
 * The hand is a FIFO queue: the head is the hand's position; a referenced entry loses its bit
 * and goes to the tail (its second chance). Entries removed by a delete are skipped lazily.
 * A pinned value never enters the ring, so the hand never reaches it.
 */
public final class EvictionPolicy {

    private final ConcurrentHashMap<ObjectKey, Entry> entries = new ConcurrentHashMap<>();
    private final ArrayDeque<Entry> ring = new ArrayDeque<>();

    /** A version just committed; a pinned one is never offered for eviction. */
    public void admitted(ObjectKey key, long version, boolean pinned) {
        if (!pinned) {
            admitted(key, version);
            return;
        }
        // The key's earlier (unpinned) version, if still here, must not be chosen in its place.
        synchronized (ring) {
            Entry previous = entries.remove(key);
            if (previous != null) {
                previous.live = false;
            }
        }
    }

    /**
     * A version just committed (evictable). Map and ring change together under the ring's lock: a
     * value in the map but not yet in the ring would be invisible to a victim search (Lincheck).
     */
    public void admitted(ObjectKey key, long version) {
        Entry entry = new Entry(key, version);
        synchronized (ring) {
            Entry previous = entries.put(key, entry);
            if (previous != null) {
                previous.live = false;
            }
            ring.addLast(entry);
        }
    }

    /** A read of the value: gives it a second chance. */
    public void accessed(ObjectKey key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.referenced = true;
        }
    }

    /** The value left the index (deleted, replaced, evicted). */
    public void removed(ObjectKey key, long version) {
        synchronized (ring) {
            entries.computeIfPresent(key, (k, e) -> {
                if (e.version != version) {
                    return e;
                }
                e.live = false;
                return null;
            });
        }
    }

    /** The next value to evict, or null when nothing is left; the caller removes it. */
    public @Nullable Victim nextVictim() {
        synchronized (ring) {
            // Two sweeps at most: the first clears reference bits, the second must find a victim.
            int budget = 2 * ring.size() + 1;
            while (budget-- > 0 && !ring.isEmpty()) {
                Entry entry = ring.pollFirst();
                if (!entry.live) {
                    continue;
                }
                if (entry.referenced) {
                    entry.referenced = false;
                    ring.addLast(entry);
                    continue;
                }
                entry.live = false;
                entries.remove(entry.key, entry);
                return new Victim(entry.key, entry.version);
            }
            return null;
        }
    }

    /**
     * The next victim among values {@code eligible} accepts (for room on one node), or null; the
     * hand passes over the others without clearing their reference bits.
     */
    public @Nullable Victim nextVictim(java.util.function.BiPredicate<ObjectKey, Long> eligible) {
        synchronized (ring) {
            int budget = 2 * ring.size() + 1;
            while (budget-- > 0 && !ring.isEmpty()) {
                Entry entry = ring.pollFirst();
                if (!entry.live) {
                    continue;
                }
                if (!eligible.test(entry.key, entry.version)) {
                    ring.addLast(entry);
                    continue;
                }
                if (entry.referenced) {
                    entry.referenced = false;
                    ring.addLast(entry);
                    continue;
                }
                entry.live = false;
                entries.remove(entry.key, entry);
                return new Victim(entry.key, entry.version);
            }
            return null;
        }
    }

    public int size() {
        synchronized (ring) {
            return entries.size();
        }
    }

    /** A value chosen for eviction. */
    public record Victim(ObjectKey key, long version) {}

    private static final class Entry {
        final ObjectKey key;
        final long version;
        volatile boolean referenced;
        volatile boolean live = true;

        Entry(ObjectKey key, long version) {
            this.key = key;
            this.version = version;
        }
    }
}
