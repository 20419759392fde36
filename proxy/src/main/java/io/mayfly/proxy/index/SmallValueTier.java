package io.mayfly.proxy.index;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  private long usedBytes;

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

  /**
   * Stores a value (taking ownership of the array) and returns what was evicted to make room:
   * the caller removes those versions from the index. A value larger than the whole tier is not
   * stored and is returned as its own eviction.
   */
  public synchronized List<Evicted> put(ObjectKey key, long version, byte[] value) {
    List<Evicted> evicted = new ArrayList<>();
    if (value.length > capacityBytes) {
      evicted.add(new Evicted(key, version));
      return evicted;
    }
    VersionedKey vk = new VersionedKey(key, version);
    byte[] previous = values.put(vk, value);
    if (previous != null) {
      usedBytes -= previous.length;
    }
    usedBytes += value.length;
    Iterator<Map.Entry<VersionedKey, byte[]>> eldest = values.entrySet().iterator();
    while (usedBytes > capacityBytes && eldest.hasNext()) {
      Map.Entry<VersionedKey, byte[]> e = eldest.next();
      if (e.getKey().equals(vk)) {
        continue;
      }
      usedBytes -= e.getValue().length;
      evicted.add(new Evicted(e.getKey().key(), e.getKey().version()));
      eldest.remove();
    }
    return evicted;
  }

  /** The bytes of that version (shared: callers must not modify), or null. */
  public synchronized byte[] get(ObjectKey key, long version) {
    return values.get(new VersionedKey(key, version));
  }

  public synchronized void remove(ObjectKey key, long version) {
    byte[] removed = values.remove(new VersionedKey(key, version));
    if (removed != null) {
      usedBytes -= removed.length;
    }
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }

  public synchronized int size() {
    return values.size();
  }

  /** A version pushed out of the tier. */
  public record Evicted(ObjectKey key, long version) {}

  private record VersionedKey(ObjectKey key, long version) {}
}
