package io.mayfly.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * First-d gathering of one get (InfiniCache, FAST '20, section 3.2): all k+r shards are asked
 * for; their segments are passed on as they arrive, each shard checked against its CRC32C; the
 * get completes as soon as any k shards arrived whole and valid, and whatever comes later is
 * dropped (still checked: a corrupt straggler is reported {@link Sink#lost lost}). A shard that
 * fails its checksum, overruns its length or whose node fails counts as
 * missing; once more than r are missing the get fails (never with wrong bytes).
 *
 * <p>Nothing is buffered here: a segment is forwarded or released at once. Thread-safe: shards
 * arrive on different node connections.
 */
public final class FirstDGather {

    /** Where gathered segments go (the client's connection). */
    public interface Sink {
        /** One segment of one shard; takes ownership of {@code data}. */
        void segment(int shard, ByteBuf data, boolean last);

        /** k valid shards have been forwarded. */
        void completed();

        /** Too many shards are missing for the value to be rebuilt. */
        void failed(String reason, boolean definitelyLost);

        /** A shard is known lost (not found, bad checksum, wrong length): read repair rewrites it. */
        default void lost(int shard) {}
    }

    private enum ShardState {
        WAITING,
        STREAMING,
        VALID,
        MISSING
    }

    private final int dataShards;
    private final long shardLength;
    private final int[] expectedCrcs;
    private final Sink sink;
    private final ShardState[] states;
    private final long[] received;
    private final CRC32C[] crcs;
    private int valid;
    private int missing;
    private int lostForGood;
    private boolean finished;

    public FirstDGather(int dataShards, long shardLength, int[] expectedCrcs, Sink sink) {
        this.dataShards = dataShards;
        this.shardLength = shardLength;
        this.expectedCrcs = expectedCrcs.clone();
        this.sink = sink;
        int total = expectedCrcs.length;
        this.states = new ShardState[total];
        this.received = new long[total];
        this.crcs = new CRC32C[total];
        java.util.Arrays.fill(states, ShardState.WAITING);
    }

    /**
     * A node announced a shard (SHARD_DATA). A declared length other than the index's shard length
     * makes the shard missing: the declared size is never trusted, let alone allocated.
     */
    public synchronized void started(int shard, long declaredLength) {
        if (states[shard] != ShardState.WAITING) {
            return;
        }
        if (declaredLength != shardLength) {
            markMissing(shard, "declared " + declaredLength + " bytes, expected " + shardLength, true);
            return;
        }
        states[shard] = ShardState.STREAMING;
        crcs[shard] = new CRC32C();
    }

    /** One segment from a node; takes ownership of {@code data}. */
    public void segment(int shard, ByteBuf data, boolean last) {
        synchronized (this) {
            if (states[shard] != ShardState.STREAMING) {
                data.release();
                return;
            }
            int n = data.readableBytes();
            if (received[shard] + n > shardLength) {
                data.release();
                markMissing(shard, "sent more than its " + shardLength + " bytes", true);
                return;
            }
            if (n > 0) {
                for (ByteBuffer part : data.nioBuffers(data.readerIndex(), n)) {
                    crcs[shard].update(part);
                }
            }
            received[shard] += n;
            if (finished) {
                // A straggler after first-d completed: not forwarded, but still checked, so a corrupt
                // shard is found (and read-repaired) even when the get did not need it.
                data.release();
                if (last) {
                    if (received[shard] != shardLength || (int) crcs[shard].getValue() != expectedCrcs[shard]) {
                        markMissing(shard, "failed its length or CRC32C check", true);
                    } else {
                        states[shard] = ShardState.VALID;
                    }
                }
                return;
            }
            if (!last) {
                sink.segment(shard, data, false);
                return;
            }
            if (received[shard] != shardLength || (int) crcs[shard].getValue() != expectedCrcs[shard]) {
                data.release();
                markMissing(
                        shard,
                        received[shard] != shardLength
                                ? "ended after " + received[shard] + " of " + shardLength + " bytes"
                                : "failed its CRC32C",
                        true);
                return;
            }
            states[shard] = ShardState.VALID;
            valid++;
            sink.segment(shard, data, true);
            if (valid == dataShards) {
                finished = true;
                sink.completed();
            }
        }
    }

    /**
     * A shard will not come: NOT_FOUND, an error, its node died or did not wake in time.
     *
     * @param forGood true when the shard is known lost (NOT_FOUND, checksum), false when the node
     *     was merely unreachable
     */
    public synchronized void missing(int shard, String reason, boolean forGood) {
        if (states[shard] == ShardState.VALID || states[shard] == ShardState.MISSING) {
            return;
        }
        if (finished && !forGood) {
            return;
        }
        markMissing(shard, reason, forGood);
    }

    /** True while nothing of this shard has arrived (it may be asked for again). */
    public synchronized boolean notStarted(int shard) {
        return states[shard] == ShardState.WAITING;
    }

    public synchronized boolean finished() {
        return finished;
    }

    /** Shards that failed a check or were not found. */
    /** Shards neither in nor known missing: the stragglers first-d did not wait for. */
    public synchronized int stragglers() {
        int n = 0;
        for (ShardState state : states) {
            if (state == ShardState.WAITING || state == ShardState.STREAMING) {
                n++;
            }
        }
        return n;
    }

    public synchronized int missingShards() {
        return missing;
    }

    private void markMissing(int shard, String reason, boolean forGood) {
        states[shard] = ShardState.MISSING;
        missing++;
        if (forGood) {
            lostForGood++;
            sink.lost(shard);
        }
        int parity = states.length - dataShards;
        if (!finished && missing > parity) {
            finished = true;
            sink.failed(
                    missing + " of " + states.length + " shards missing (at most " + parity + " may be); last: shard "
                            + shard + " " + reason,
                    lostForGood > parity);
        }
    }
}
