package io.mayfly.node;

import io.mayfly.protocol.checksum.InventoryDigest;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The shards of one function instance, in its heap, bounded by a capacity fixed from the
 * function's memory (see {@link NodeSettings#storeCapacityBytes}). It lives as long as the
 * instance, across invocations, which is the whole point of Mayfly.
 *
 * <p>Space is accounted before it is allocated: a put first {@link #reserve reserves} its
 * declared length (plus a per-entry allowance), and only then is the array allocated, so a put
 * that does not fit is refused without touching the heap and the node never dies of
 * OutOfMemoryError. Byte arrays on the heap (not direct buffers): they are freed by the GC
 * without a Cleaner, count against -Xmx where the bound can see them, and wrap into ByteBufs for
 * zero-copy sends. A stored array is never written again (a new put of the same key gets a new
 * array), so slices handed to the network stay valid whatever happens to the key.
 *
 * <p>Thread-safe: served from the event loop, summarised from the invocation thread.
 */
public final class ShardStore {

    /** Accounted per entry on top of the shard bytes: map node, key objects, array header. */
    static final int ENTRY_OVERHEAD_BYTES = 160;

    /** Largest shard a Java array can hold safely. */
    static final long MAX_SHARD_BYTES = Integer.MAX_VALUE - 16;

    /** A stored shard; {@code bytes} is never modified. */
    public record StoredShard(byte[] bytes, int crc32c) {}

    private final long capacityBytes;
    private final Map<ShardKey, Entry> shards = new HashMap<>();
    private long accountedBytes;
    private long storedBytes;
    private long digest;

    private record Entry(StoredShard shard, Bytes meta, long accounted) {}

    public ShardStore(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("store capacity must be >= 0 bytes, was " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /**
     * Accounts for a shard of {@code length} bytes, then allocates its array. The reservation
     * must end in {@link Reservation#commit} or {@link Reservation#close()}.
     *
     * @throws NoRoomException when the shard does not fit the bound (or, as a last resort, the
     *                         heap refused the array); nothing is allocated or changed then
     */
    public Reservation reserve(ShardKey key, long length) throws NoRoomException {
        return reserve(key, length, Bytes.EMPTY);
    }

    /**
     * As {@link #reserve(ShardKey, long)}, keeping {@code meta} (the proxy's description of the
     * value, opaque here) beside the shard once committed; its bytes count against the bound.
     */
    public Reservation reserve(ShardKey key, long length, Bytes meta) throws NoRoomException {
        long accounted = accountedSize(key, length) + meta.length();
        synchronized (this) {
            if (length > MAX_SHARD_BYTES || accounted > capacityBytes - accountedBytes) {
                throw new NoRoomException(
                        "shard " + describe(key) + " of " + length + " bytes does not fit: node holds "
                                + accountedBytes + " of its " + capacityBytes + " bytes bound (" + shards.size()
                                + " shards); place it on another node or give the function more memory");
            }
            accountedBytes += accounted;
        }
        byte[] bytes;
        try {
            bytes = new byte[(int) length];
        } catch (OutOfMemoryError e) {
            // The bound should prevent this; if the heap is fragmented anyway, refuse, don't die.
            release(accounted);
            throw new NoRoomException("shard " + describe(key) + " of " + length + " bytes: the heap refused the "
                    + "allocation although the bound allowed it; raise MAYFLY_NODE_OVERHEAD_PERCENT");
        }
        return new Reservation(key, bytes, meta, accounted);
    }

    /** The shard, or null. */
    public synchronized StoredShard get(ShardKey key) {
        Entry e = shards.get(key);
        return e == null ? null : e.shard;
    }

    /** Drops the shard; returns whether it was there. */
    public synchronized boolean delete(ShardKey key) {
        Entry e = shards.remove(key);
        if (e == null) {
            return false;
        }
        forget(key, e);
        return true;
    }

    public synchronized int shardCount() {
        return shards.size();
    }

    /** Shard bytes stored (without the per-entry allowance). */
    public synchronized long storedBytes() {
        return storedBytes;
    }

    /** Bytes counted against the bound: stored shards, their entries and open reservations. */
    public synchronized long accountedBytes() {
        return accountedBytes;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** {@link InventoryDigest} of the stored (shard key, crc32c) pairs. */
    public synchronized long inventoryDigest() {
        return digest;
    }

    /** Every stored shard with its CRC32C and metadata, a snapshot (the proxy's LIST_SHARDS). */
    public synchronized java.util.List<io.mayfly.protocol.message.Inventory.Entry> entries() {
        java.util.List<io.mayfly.protocol.message.Inventory.Entry> list = new java.util.ArrayList<>(shards.size());
        shards.forEach(
                (key, e) -> list.add(new io.mayfly.protocol.message.Inventory.Entry(key, e.shard.crc32c(), e.meta)));
        return list;
    }

    /** A consistent view of count, bytes and digest, for HELLO. */
    public synchronized Inventory inventory() {
        return new Inventory(shards.size(), storedBytes, digest);
    }

    /** What HELLO reports. */
    public record Inventory(long shardCount, long storedBytes, long digest) {}

    private void forget(ShardKey key, Entry e) {
        accountedBytes -= e.accounted;
        storedBytes -= e.shard.bytes().length;
        digest = InventoryDigest.remove(digest, key, e.shard.crc32c());
    }

    private synchronized void release(long accounted) {
        accountedBytes -= accounted;
    }

    private synchronized void commit(Reservation r, int crc32c) {
        Entry entry = new Entry(new StoredShard(r.bytes, crc32c), r.meta, r.accounted);
        Entry old = shards.put(r.key, entry);
        if (old != null) {
            forget(r.key, old);
        }
        storedBytes += r.bytes.length;
        digest = InventoryDigest.add(digest, r.key, crc32c);
    }

    private static long accountedSize(ShardKey key, long length) {
        return length + key.key().length() + 2L * key.space().length() + ENTRY_OVERHEAD_BYTES;
    }

    static String describe(ShardKey key) {
        return key.space() + "/" + key.key() + "/v" + key.version() + "/" + key.shardIndex();
    }

    /**
     * Room accounted and an array allocated for one incoming shard. Fill {@link #bytes()}, then
     * {@link #commit} it; {@link #close()} gives the room back if it was not committed.
     */
    public final class Reservation implements AutoCloseable {
        private final ShardKey key;
        private final byte[] bytes;
        private final Bytes meta;
        private final long accounted;
        private boolean done;

        private Reservation(ShardKey key, byte[] bytes, Bytes meta, long accounted) {
            this.key = key;
            this.bytes = bytes;
            this.meta = meta;
            this.accounted = accounted;
        }

        public ShardKey key() {
            return key;
        }

        /** The array to fill; it becomes the stored shard on commit. */
        public byte[] bytes() {
            return bytes;
        }

        /** Stores the filled array under the key, replacing any previous shard of that key. */
        public void commit(int crc32c) {
            if (done) {
                throw new IllegalStateException("reservation for " + describe(key) + " already ended");
            }
            done = true;
            ShardStore.this.commit(this, crc32c);
        }

        /** Gives the room back unless committed. Idempotent. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                release(accounted);
            }
        }
    }
}
