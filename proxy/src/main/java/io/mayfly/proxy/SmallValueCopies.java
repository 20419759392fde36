package io.mayfly.proxy;

import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.ShardRecord;
import io.mayfly.proxy.keepalive.ShardTransfer;
import io.mayfly.proxy.node.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes small-tier values through to two functions, whole, after they commit, so a restarted
 * proxy recovers them like erasure-coded ones. The put is answered from the tier first. Values
 * wait up to {@link #LINGER_MS} in a queue that keeps only the latest version of each key, then
 * go out as one batch: each function is asked once per batch for all the copies it takes (one
 * invocation when it sleeps), and a key overwritten within the linger is written once, not once
 * per put. A value becomes recoverable once both its copies are stored: within the linger and one
 * batch's write (plus an invocation when the chosen functions sleep). Copies go preferably to
 * functions that are serving, so a steady stream of puts does not wake sleeping ones.
 *
 * <p>Bounds: a batch leaves as soon as it holds {@link #BATCH_VALUES} values or
 * {@link #BATCH_BYTES} bytes; values queued or being written hold at most
 * {@link #MAX_PENDING_BYTES} bytes, past which a new value stays in the proxy's memory only, as
 * when the pool has no room for its copies (it is a cache, and a put must not wait for the
 * functions).
 */
final class SmallValueCopies {

    private static final Logger log = LoggerFactory.getLogger(SmallValueCopies.class);

    /** Whole copies kept of each small value: one survives any single node's loss. */
    static final int COPIES = 2;

    /** How long a value waits for others (or a newer version of itself) before its batch leaves. */
    static final long LINGER_MS = 10;

    static final int BATCH_VALUES = 512;
    static final long BATCH_BYTES = 8L << 20;
    static final long MAX_PENDING_BYTES = 128L << 20;

    /** Runs a task after a delay: the proxy's timer. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayMs);
    }

    private final StoreCoordinator store;
    private final Timer timer;

    /** Values waiting for their batch, the latest version of each key; guarded by this. */
    private final Map<ObjectKey, Queued> queued = new LinkedHashMap<>();

    private long queuedBytes;
    private boolean flushScheduled;
    /** Values of batches sent and not yet stored or abandoned, and their bytes; guarded by this. */
    private int writing;

    private long writingBytes;

    private record Queued(ObjectMeta meta, byte[] value) {}

    SmallValueCopies(StoreCoordinator store, Timer timer) {
        this.store = store;
        this.timer = timer;
    }

    /** Small values whose copies are queued or being written: not yet recoverable after a crash. */
    synchronized int pending() {
        return queued.size() + writing;
    }

    /** Queues {@code value} (the committed inline version {@code meta}) for its copies on functions. */
    void writeThrough(ObjectMeta meta, byte[] value) {
        boolean flushNow = false;
        boolean schedule = false;
        synchronized (this) {
            Queued before = queued.get(meta.key());
            long beforeBytes = before == null ? 0 : before.value().length;
            if (queuedBytes - beforeBytes + writingBytes + value.length > MAX_PENDING_BYTES) {
                log.debug("write-through of {} skipped: {} bytes pending", meta, queuedBytes + writingBytes);
                return;
            }
            if (before != null && before.meta().version() > meta.version()) {
                return;
            }
            // A newer version replaces the queued one, which is superseded and was never written.
            queued.put(meta.key(), new Queued(meta, value));
            queuedBytes += value.length - beforeBytes;
            if (queued.size() >= BATCH_VALUES || queuedBytes >= BATCH_BYTES) {
                flushNow = true;
            } else if (!flushScheduled) {
                flushScheduled = true;
                schedule = true;
            }
        }
        if (flushNow) {
            flush();
        } else if (schedule) {
            timer.schedule(this::flush, LINGER_MS);
        }
    }

    /** Sends every queued value still current. */
    void flush() {
        List<Queued> batch;
        synchronized (this) {
            flushScheduled = false;
            if (queued.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(queued.values());
            queued.clear();
            writing += batch.size();
            writingBytes += queuedBytes;
            queuedBytes = 0;
        }
        // Copies by node: each node is asked once for all of its copies in the batch.
        Map<Integer, List<Copy>> byNode = new HashMap<>();
        List<Write> writes = new ArrayList<>(batch.size());
        for (Queued q : batch) {
            ObjectMeta current = store.storage.index.get(q.meta().key());
            if (current == null || current.version() != q.meta().version()) {
                done(q.value().length); // superseded or removed before its batch left
                continue;
            }
            int copies = Math.min(COPIES, store.pool.size());
            int[] nodes = store.storage.placement.reserve(
                    copies, q.value().length, node -> store.pool.state(node) == NodeState.SERVING);
            if (nodes == null) {
                log.debug("no room on {} nodes for whole copies of {}: kept in memory only", copies, q.meta());
                done(q.value().length);
                continue;
            }
            int crc = Crc32c.of(q.value());
            Bytes record =
                    Bytes.copyOf(ShardRecord.of(q.meta().withCopies(nodes, crc)).encode());
            Write write = new Write(q.meta(), q.value(), nodes, crc, record);
            writes.add(write);
            for (int copy = 0; copy < nodes.length; copy++) {
                byNode.computeIfAbsent(nodes[copy], n -> new ArrayList<>()).add(new Copy(write, copy));
            }
        }
        for (Map.Entry<Integer, List<Copy>> e : byNode.entrySet()) {
            int node = e.getKey();
            List<Copy> copies = e.getValue();
            CompletableFuture<Void> sent = store.pool.onServing(node, link -> {
                CompletableFuture<?>[] stores = new CompletableFuture<?>[copies.size()];
                for (int i = 0; i < stores.length; i++) {
                    Copy c = copies.get(i);
                    stores[i] = ShardTransfer.store(
                            link,
                            StoreCoordinator.shardKey(
                                    c.write().meta().key(), c.write().meta().version(), c.copy()),
                            c.write().value(),
                            c.write().crc(),
                            c.write().record(),
                            store.settings.segmentCapBytes());
                }
                return CompletableFuture.allOf(stores);
            });
            for (Copy c : copies) {
                c.write().copies[c.copy()] = sent;
            }
        }
        for (Write write : writes) {
            CompletableFuture.allOf(write.copies).whenComplete((v, error) -> finish(write, error));
        }
    }

    private void finish(Write w, Throwable error) {
        try {
            if (error == null
                    && store.storage.index.attachCopies(w.meta().key(), w.meta().version(), w.nodes(), w.crc())
                            != null) {
                log.debug("{} written through to {} nodes", w.meta(), w.nodes().length);
                return;
            }
            if (error != null) {
                log.debug("write-through of {} failed: {}", w.meta(), error.toString());
            }
            // Superseded meanwhile or not stored: the copies are orphans.
            for (int copy = 0; copy < w.nodes().length; copy++) {
                store.pool.deleteShard(
                        w.nodes()[copy],
                        StoreCoordinator.shardKey(w.meta().key(), w.meta().version(), copy));
            }
            store.storage.placement.releaseAll(w.nodes(), w.value().length);
        } finally {
            done(w.value().length);
        }
    }

    private synchronized void done(long bytes) {
        writing--;
        writingBytes -= bytes;
        if (writing == 0 && queued.isEmpty()) {
            notifyAll();
        }
    }

    /**
     * Sends what is queued and waits, at most {@code timeoutMs}, until every copy is stored or
     * abandoned: a proxy closing cleanly leaves its small values recoverable.
     *
     * @return whether nothing was left pending
     */
    boolean drain(long timeoutMs) {
        flush();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (this) {
            while (writing > 0 || !queued.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** One value's copies being written. */
    private static final class Write {
        private final ObjectMeta meta;
        private final byte[] value;
        private final int[] nodes;
        private final int crc;
        private final Bytes record;
        final CompletableFuture<?>[] copies;

        Write(ObjectMeta meta, byte[] value, int[] nodes, int crc, Bytes record) {
            this.meta = meta;
            this.value = value;
            this.nodes = nodes;
            this.crc = crc;
            this.record = record;
            this.copies = new CompletableFuture<?>[nodes.length];
        }

        ObjectMeta meta() {
            return meta;
        }

        byte[] value() {
            return value;
        }

        int[] nodes() {
            return nodes;
        }

        int crc() {
            return crc;
        }

        Bytes record() {
            return record;
        }
    }

    private record Copy(Write write, int copy) {}
}
