package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Committed;
import io.mayfly.protocol.message.Conflict;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One versioned write in flight (ARCHITECTURE.md, PUT), as its client sends it: the request's
 * streams, the pinned bytes it holds, its lease and its one answer. How the bytes are stored is
 * the subclass's: {@link InlinePut} keeps a small value in the proxy's tier, {@link ErasurePut}
 * forwards shards to k+r nodes. Once answered (committed, refused or failed) the rest of the
 * request's segments are dropped.
 *
 * <p>All state is confined to the client's event loop, as a Netty handler's is: segments arrive
 * there, and whatever answers from elsewhere (a node, a link becoming ready) is handed to it with
 * {@link #onClientLoop}.
 */
abstract class PutStream {

    private static final Logger log = LoggerFactory.getLogger(PutStream.class);

    final StoreCoordinator store;
    final Channel client;
    final ObjectPut header;
    final ValueLayout layout;
    final ObjectKey key;
    final int streams;
    private final boolean[] streamEnded;
    private int streamsEnded;
    /** Answered or abandoned: what still arrives is dropped. */
    private boolean done;

    private boolean answered;
    /** Pinned bytes this put reserved and still owns (0 once its version's meta owns them). */
    private long pinnedReserved;

    PutStream(StoreCoordinator store, Channel client, ObjectPut header, int streams) {
        this.store = store;
        this.client = client;
        this.header = header;
        this.layout = header.layout();
        this.key = ObjectKey.of(header.space(), header.key().toByteArray());
        this.streams = streams;
        this.streamEnded = new boolean[streams];
    }

    /** The put its header asks for, not yet begun. */
    static PutStream of(StoreCoordinator store, Channel client, ObjectPut header) {
        return header.layout().inline() ? new InlinePut(store, client, header) : new ErasurePut(store, client, header);
    }

    /** Checks the put's condition, then starts the write; on the client's event loop. */
    final void begin() {
        if (!store.storage.index.conditionHolds(key, header.expectedVersion())) {
            conflict();
            return;
        }
        start();
    }

    /** Validates the layout and starts storing; answers and ends the put when it cannot. */
    abstract void start();

    /** A segment of a stream of this request, checked against the streams; takes ownership. */
    abstract void accept(Segment segment);

    /** The client connection closed mid-put, or reused its request id. */
    void abandon(String reason) {
        done = true;
        releasePinned();
    }

    /** A SEGMENT of this request from the client; takes ownership. */
    final void segment(Segment segment) {
        int stream = segment.streamIndex();
        if (stream >= streams || streamEnded[stream]) {
            segment.release();
            if (!done) {
                fail(
                        ErrorCode.MALFORMED,
                        "segment for stream " + stream + " of a put with " + streams + " streams"
                                + (stream < streams ? " after its end" : ""));
            }
            return;
        }
        if (segment.end()) {
            streamEnded[stream] = true;
            streamsEnded++;
        }
        if (done) {
            segment.release();
        } else {
            accept(segment);
        }
    }

    /** True once every stream of the request has ended (the session forgets the request). */
    final boolean streamsEnded() {
        return streamsEnded == streams;
    }

    /** Ends the put with ERROR, undoing whatever it stored. */
    abstract void fail(ErrorCode code, String reason);

    final boolean done() {
        return done;
    }

    final void end() {
        done = true;
    }

    /**
     * Counts a pinned put's arriving bytes against pinned-max-bytes before they are stored; fails
     * the put when they do not fit. True for an unpinned put.
     */
    final boolean reservePinned(long bytes) {
        if (!header.pinned()) {
            return true;
        }
        if (!store.storage.pinned.tryReserve(bytes)) {
            fail(
                    ErrorCode.NO_ROOM,
                    store.pinnedRefusal(layout.inline() ? layout.length() : layout.shardLength() * streams));
            return false;
        }
        pinnedReserved += bytes;
        return true;
    }

    /** The committed version's meta owns the pinned bytes now; reclaiming it returns them. */
    final void pinnedHandedOver() {
        pinnedReserved = 0;
    }

    final void releasePinned() {
        if (pinnedReserved > 0) {
            store.storage.pinned.release(pinnedReserved);
            pinnedReserved = 0;
        }
    }

    /** Commits by compare-and-set; a leased put only while its lease holds (null when it no longer does). */
    final MetadataIndex.@Nullable CommitOutcome commitToIndex(ObjectMeta meta) {
        if (!header.leased()) {
            return store.storage.index.commit(meta, header.expectedVersion());
        }
        return store.leases.commitUnder(
                key, header.leaseId(), () -> store.storage.index.commit(meta, header.expectedVersion()));
    }

    /** Answers CONFLICT with the version now current, and ends the put. */
    final void conflict() {
        ObjectMeta current = store.storage.index.get(key);
        answer(new Conflict(header.requestId(), current == null ? 0 : current.version()));
        done = true;
    }

    /** Answers ERROR for a put that stored nothing, and ends it. */
    final void refuse(ErrorCode code, String reason) {
        answer(new ErrorMessage(header.requestId(), code, reason));
        done = true;
    }

    final void committed(long version) {
        store.metrics.committed();
        answer(new Committed(header.requestId(), version));
        done = true;
    }

    /**
     * Whether an ERROR answer keeps the put's lease: one refused for want of room after nodes
     * were evicted from keeps it for the client's one retry.
     */
    boolean keepsLease(ErrorMessage error) {
        return false;
    }

    final void answer(Message message) {
        if (!(message instanceof Committed)) {
            releasePinned(); // every other answer means this version was not stored
            // A failed write ends its lease too, so the next writer need not wait for it to expire.
            if (header.leased() && !(message instanceof ErrorMessage error && keepsLease(error))) {
                store.leases.release(key, header.leaseId());
            }
        }
        if (!answered) {
            answered = true;
            client.writeAndFlush(message);
        }
    }

    /** Runs {@code task} on the client's event loop, where this put's state lives. */
    final void onClientLoop(Runnable task) {
        if (client.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            client.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The proxy is closing: the client is gone with it.
            log.debug("put of {} dropped an event: the client's event loop has stopped", key);
        }
    }
}
