package io.mayfly.node;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.checksum.InventoryDigest;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.segment.SegmentSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shards of one function instance, in its heap, bounded by a capacity fixed from the
 * function's memory (see {@link NodeSettings#storeCapacityBytes}). It lives as long as the
 * instance, across invocations, which is the whole point of Mayfly.
 *
 * <p>Space is accounted before it is allocated: a put first {@link #reserve reserves} its
 * declared length (plus a per-entry allowance), so a put that does not fit is refused without
 * touching the heap and the node never dies of OutOfMemoryError. Nothing is allocated from the
 * declared length itself: the shard's arrays, {@value #CHUNK_BYTES} bytes each at most, are
 * allocated as its bytes arrive, so a header declaring a huge shard followed by nothing costs
 * the heap nothing. Byte arrays on the heap (not direct buffers): they are freed by the GC
 * without a Cleaner, count against -Xmx where the bound can see them, and wrap into ByteBufs for
 * zero-copy sends. A stored array is never written again (a new put of the same key gets new
 * arrays), so slices handed to the network stay valid whatever happens to the key.
 *
 * <p>Thread-safe: served from the event loop, summarised from the invocation thread.
 */
public final class ShardStore {

    /** Accounted per entry on top of the shard bytes: map node, key objects, array header. */
    static final int ENTRY_OVERHEAD_BYTES = 160;

    /** Largest shard a node stores (the wire's ranges and segment offsets are ints). */
    static final long MAX_SHARD_BYTES = Integer.MAX_VALUE - 16;

    /** Most bytes one array of a shard holds: arrays come one at a time as the bytes arrive. */
    static final int CHUNK_BYTES = 1 << 20;

    /** Accounted per array of a shard: its header and its slot in the shard's list. */
    static final int CHUNK_OVERHEAD_BYTES = 24;

    /**
     * A stored shard of {@code length} bytes held in {@code chunks} (each full but the last);
     * the arrays are never modified.
     */
    public record StoredShard(byte[][] chunks, int length, int crc32c) {

        /** The shard's bytes {@code [from, from + n)} as one buffer over the arrays (no copy). */
        public ByteBuf slice(int from, int n) {
            ByteBuf all = Unpooled.wrappedBuffer(chunks);
            return all.setIndex(from, from + n);
        }

        /** A copy of the whole shard, for tests and tools. */
        public byte[] toByteArray() {
            byte[] out = new byte[length];
            int at = 0;
            for (byte[] chunk : chunks) {
                System.arraycopy(chunk, 0, out, at, chunk.length);
                at += chunk.length;
            }
            return out;
        }
    }

    private final long capacityBytes;
    private final Map<ShardKey, Entry> shards = new HashMap<>();
    private long accountedBytes;
    private long allocatedBytes;
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
        return new Reservation(key, (int) length, meta, accounted);
    }

    /** The shard, or null. */
    public synchronized @Nullable StoredShard get(ShardKey key) {
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

    /** Bytes of shard arrays on the heap: stored shards and what incoming ones received so far. */
    public synchronized long allocatedBytes() {
        return allocatedBytes;
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
        allocatedBytes -= e.shard.length();
        storedBytes -= e.shard.length();
        digest = InventoryDigest.remove(digest, key, e.shard.crc32c());
    }

    private synchronized void release(long accounted, long allocated) {
        accountedBytes -= accounted;
        allocatedBytes -= allocated;
    }

    private synchronized void allocated(long bytes) {
        allocatedBytes += bytes;
    }

    private synchronized void commit(Reservation r, int crc32c) {
        Entry entry =
                new Entry(new StoredShard(r.chunks.toArray(new byte[0][]), r.length, crc32c), r.meta, r.accounted);
        Entry old = shards.put(r.key, entry);
        if (old != null) {
            forget(r.key, old);
        }
        storedBytes += r.length;
        digest = InventoryDigest.add(digest, r.key, crc32c);
    }

    private static long accountedSize(ShardKey key, long length) {
        long chunks = (length + CHUNK_BYTES - 1) / CHUNK_BYTES;
        return length
                + chunks * CHUNK_OVERHEAD_BYTES
                + key.key().length()
                + 2L * key.space().length()
                + ENTRY_OVERHEAD_BYTES;
    }

    static String describe(ShardKey key) {
        return key.space() + "/" + key.key() + "/v" + key.version() + "/" + key.shardIndex();
    }

    /**
     * Room accounted for one incoming shard, whose arrays are allocated as its bytes are {@link
     * #write written}. When all have arrived, {@link #end} then {@link #commit} it; {@link #close()}
     * gives the room back if it was not committed.
     */
    public final class Reservation implements SegmentSink, AutoCloseable {
        private final ShardKey key;
        private final int length;
        private final Bytes meta;
        private final long accounted;
        private final List<byte[]> chunks = new ArrayList<>();
        private final Crc32c crc = new Crc32c();
        private int received;
        private boolean done;

        private Reservation(ShardKey key, int length, Bytes meta, long accounted) {
            this.key = key;
            this.length = length;
            this.meta = meta;
            this.accounted = accounted;
        }

        public ShardKey key() {
            return key;
        }

        /** Shard bytes received so far: all the heap this shard holds. */
        public int receivedBytes() {
            return received;
        }

        /**
         * Appends the next bytes of the shard, allocating arrays only for them.
         *
         * @throws MalformedMessageException TOO_LARGE past the declared length; NO_ROOM if the heap
         *     refused an array although the bound allowed it
         */
        @Override
        public void write(ByteBuf payload) {
            int n = payload.readableBytes();
            if (n > length - received) {
                throw new MalformedMessageException(
                        ErrorCode.TOO_LARGE,
                        "shard overflows its declared " + length + " bytes (" + received + " received, next segment "
                                + n + ")");
            }
            crc.update(payload, payload.readerIndex(), n);
            int from = payload.readerIndex();
            while (n > 0) {
                byte[] last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
                int filled = received - (chunks.size() - 1) * CHUNK_BYTES;
                if (last == null || filled == last.length) {
                    last = allocate(Math.min(CHUNK_BYTES, length - received));
                    chunks.add(last);
                    filled = 0;
                }
                int k = Math.min(n, last.length - filled);
                payload.getBytes(from, last, filled, k);
                from += k;
                received += k;
                n -= k;
            }
        }

        private byte[] allocate(int size) {
            try {
                byte[] chunk = new byte[size];
                allocated(size);
                return chunk;
            } catch (OutOfMemoryError e) {
                // The bound should prevent this; if the heap is fragmented anyway, refuse, don't die.
                throw new MalformedMessageException(
                        ErrorCode.NO_ROOM,
                        "the heap refused " + size + " bytes of shard " + describe(key)
                                + " although the bound allowed them; raise MAYFLY_NODE_OVERHEAD_PERCENT");
            }
        }

        /** The last segment arrived: the shard must be complete. */
        @Override
        public void end() {
            if (received != length) {
                throw new MalformedMessageException(
                        ErrorCode.MALFORMED, "stream ended after " + received + " of " + length + " expected bytes");
            }
        }

        /** CRC32C of the bytes received so far. */
        public int crc32c() {
            return crc.intValue();
        }

        /** Stores the received bytes under the key, replacing any previous shard of that key. */
        public void commit(int crc32c) {
            if (done) {
                throw new IllegalStateException("reservation for " + describe(key) + " already ended");
            }
            if (received != length) {
                throw new IllegalStateException(
                        "shard " + describe(key) + " has " + received + " of its " + length + " bytes");
            }
            done = true;
            ShardStore.this.commit(this, crc32c);
        }

        /** Gives the room back unless committed. Idempotent. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                long allocated = 0;
                for (byte[] chunk : chunks) {
                    allocated += chunk.length;
                }
                chunks.clear();
                release(accounted, allocated);
            }
        }

        @Override
        public void discard() {
            close();
        }
    }
}
