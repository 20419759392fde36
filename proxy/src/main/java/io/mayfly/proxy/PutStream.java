package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Committed;
import io.mayfly.protocol.message.Conflict;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.SmallValueTier;
import io.mayfly.proxy.node.NodeChannel;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One versioned write in flight (ARCHITECTURE.md, PUT). The client's shard segments are forwarded to
 * k+r distinct nodes as they arrive; the new version commits in the index only when every node
 * has answered OK, by compare-and-set on the expected version; then the superseded version's
 * storage is reclaimed. Until then readers see the old version. Any failure deletes what was
 * stored of the new version and answers ERROR; later segments of the request are dropped.
 *
 * <p>Client segments arrive on the client's event loop; node answers and wake-ups on others:
 * state is guarded by this object's lock.
 */
final class PutStream {

    private static final Logger log = LoggerFactory.getLogger(PutStream.class);

    /** How often, on average per shard, a put invokes a node again that was returning. */
    private static final int MAX_RELINKS_PER_SHARD = 3;

    private enum Mode {
        INLINE,
        ERASURE,
        DISCARD
    }

    private final StoreCoordinator store;
    private final Channel client;
    private final ObjectPut header;
    private final ValueLayout layout;
    private final ObjectKey key;
    private final int streams;
    private final boolean[] streamEnded;
    private int streamsEnded;
    private Mode mode;
    private boolean answered;
    /** Pinned bytes this put reserved and still owns (0 once its version's meta owns them). */
    private long pinnedReserved;

    // inline: grows as bytes arrive, never sized from the header alone
    private byte @Nullable [] inlineValue;
    private int inlineLength;
    private int inlineReceived;

    // erasure
    private long version;
    private int[] nodes;
    private NodeChannel[] links;
    private long[] nodeRequestIds;
    private long[] forwarded;
    /** Room claimed on each shard's node so far: claimed as bytes arrive, so a header evicts nothing. */
    private long[] claimed;

    private boolean[] stored;
    private boolean[] sentEnd;
    /** Shards whose node stopped serving mid-put: committed without, rebuilt by repair. */
    private boolean[] lost;

    private int linksReady;
    /** Links found retired (their node returning) and asked for again. */
    private int relinks;

    private int storedCount;
    /** Shards a node refused for want of room, and whose node has been evicted from once. */
    private boolean[] noRoomRetried;
    /** The put failed: nodes that still refuse for want of room get room for the client's retry. */
    private boolean failed;
    /** Shards refused after their bytes went out: committed without, rebuilt by repair. */
    private List<Integer> rebuildLater;

    private boolean holdingClient;
    private final ArrayDeque<Segment> early = new ArrayDeque<>();

    // The per-mode state (the mode, the erasure arrays) is set by begin() on the client's event loop
    // before any segment is handled, and only the mode begin() chose reads its own fields.
    @SuppressWarnings("NullAway.Init")
    PutStream(StoreCoordinator store, Channel client, ObjectPut header) {
        this.store = store;
        this.client = client;
        this.header = header;
        this.layout = header.layout();
        this.key = ObjectKey.of(header.space(), header.key().toByteArray());
        this.streams = layout.inline() ? 1 : layout.k() + layout.r();
        this.streamEnded = new boolean[streams];
    }

    /** Validates the header and starts the write; called on the client's event loop. */
    synchronized void begin() {
        if (!store.index.conditionHolds(key, header.expectedVersion())) {
            ObjectMeta current = store.index.get(key);
            answer(new Conflict(header.requestId(), current == null ? 0 : current.version()));
            mode = Mode.DISCARD;
            return;
        }
        if (layout.inline()) {
            if (layout.length() > store.settings.smallValueThresholdBytes()) {
                refuse(
                        ErrorCode.TOO_LARGE,
                        "inline value of " + layout.length()
                                + " bytes exceeds the proxy's small-value-threshold-bytes "
                                + store.settings.smallValueThresholdBytes() + " (send it erasure-coded)");
                return;
            }
            inlineLength = (int) layout.length();
            inlineValue = new byte[0];
            mode = Mode.INLINE;
            return;
        }
        beginErasure();
    }

    private void beginErasure() {
        int k = layout.k();
        long shardLength = layout.shardLength();
        if (streams > store.pool.size() || !store.placement.couldEverFit(streams, shardLength)) {
            refuse(
                    ErrorCode.TOO_LARGE,
                    "value of " + layout.length() + " bytes as " + k + "+" + layout.r()
                            + " shards of " + shardLength + " bytes cannot fit a pool of " + store.pool.size()
                            + " nodes holding " + store.placement.capacityPerNode()
                            + " bytes each (use fewer shards, a larger pool, or more function memory)");
            return;
        }
        if (layout.length() > (long) k * shardLength) {
            refuse(
                    ErrorCode.MALFORMED,
                    "layout of " + layout.length() + " bytes does not fit its " + k + " data shards of " + shardLength
                            + " bytes");
            return;
        }
        nodes = store.placement.choose(streams);
        claimed = new long[streams];
        version = store.index.nextVersion();
        mode = Mode.ERASURE;
        links = new NodeChannel[streams];
        nodeRequestIds = new long[streams];
        forwarded = new long[streams];
        stored = new boolean[streams];
        sentEnd = new boolean[streams];
        lost = new boolean[streams];
        // Until every target node serves, the client's bytes wait in its socket, not here.
        ReadGate.hold(client);
        holdingClient = true;
        for (int s = 0; s < streams; s++) {
            int shard = s;
            store.pool.serving(nodes[shard]).whenComplete((link, error) -> linkReady(shard, link, error));
        }
    }

    private void linkReady(int shard, NodeChannel link, Throwable error) {
        synchronized (this) {
            if (mode != Mode.ERASURE) {
                return;
            }
            if (error != null) {
                fail(
                        ErrorCode.UNAVAILABLE,
                        "node " + store.pool.name(nodes[shard]) + " for shard " + shard + " unavailable: "
                                + error.getMessage());
                return;
            }
            links[shard] = link;
            if (!requestShard(shard)) {
                // The node is returning (it said BYE, the proxy agreed): invoke it again, a few times.
                links[shard] = null;
                if (++relinks > streams * MAX_RELINKS_PER_SHARD) {
                    fail(ErrorCode.UNAVAILABLE, "node " + store.pool.name(nodes[shard]) + " kept returning");
                    return;
                }
                store.pool.serving(nodes[shard]).whenComplete((again, e) -> linkReady(shard, again, e));
                return;
            }
            if (++linksReady < streams) {
                return;
            }
        }
        client.eventLoop().execute(this::startForwarding);
    }

    /**
     * Sends SHARD_PUT for one shard; its segments go to the request id it gets. False when it was not
     * sent, as its node is returning.
     */
    private boolean requestShard(int shard) {
        nodeRequestIds[shard] = links[shard].request(
                id -> new ShardPut(
                        id,
                        StoreCoordinator.shardKey(key, version, shard),
                        layout.shardLength(),
                        layout.shardCrc32c().get(shard),
                        StoreCoordinator.record(layout, header.expiresAtMillis(), header.pinned())),
                new NodeChannel.ReplyListener() {
                    @Override
                    public void reply(Message message) {
                        nodeAnswered(shard, message);
                    }

                    @Override
                    public void failed(String reason) {
                        nodeFailed(shard, reason);
                    }

                    @Override
                    public void notSent(String reason) {
                        // Seen at once by the caller (NOT_SENT), which invokes the node again.
                    }
                });
        return nodeRequestIds[shard] != NodeChannel.NOT_SENT;
    }

    private void startForwarding() {
        synchronized (this) {
            while (!early.isEmpty()) {
                Segment s = early.poll();
                if (mode == Mode.ERASURE) {
                    forward(s);
                } else {
                    s.release();
                }
            }
            releaseClient();
        }
    }

    /**
     * Counts a pinned put's arriving bytes against pinned-max-bytes before they are stored; fails
     * the put when they do not fit. True for an unpinned put.
     */
    private boolean reservePinned(long bytes) {
        if (!header.pinned()) {
            return true;
        }
        if (!store.pinned.tryReserve(bytes)) {
            fail(
                    ErrorCode.NO_ROOM,
                    "pinned value of " + (header.layout().inline() ? layout.length() : layout.shardLength() * streams)
                            + " bytes does not fit: pinned values hold " + store.pinned.usedBytes()
                            + " of pinned-max-bytes " + store.pinned.maxBytes()
                            + " (raise the proxy's --pinned-max-bytes, or pin fewer or smaller values)");
            return false;
        }
        pinnedReserved += bytes;
        return true;
    }

    /** Claims room for {@code bytes} more of a shard on its node, evicting as needed; fails the put when none is left. */
    private boolean claim(int shard, long bytes) {
        if (!reservePinned(bytes)) {
            return false;
        }
        if (!store.claim(nodes[shard], bytes)) {
            fail(
                    ErrorCode.NO_ROOM,
                    "node " + store.pool.name(nodes[shard]) + " has no room for shard " + shard + " of "
                            + layout.shardLength() + " bytes even after eviction (pool capacity "
                            + store.placement.capacity() + " bytes, " + store.pinned.usedBytes()
                            + " of them held by pinned values, which are never evicted)");
            return false;
        }
        claimed[shard] += bytes;
        return true;
    }

    /** A SEGMENT of this request from the client; takes ownership. */
    synchronized void segment(Segment segment) {
        int stream = segment.streamIndex();
        if (stream >= streams || streamEnded[stream]) {
            segment.release();
            if (mode != Mode.DISCARD) {
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
        switch (mode) {
            case DISCARD -> segment.release();
            case INLINE -> inlineSegment(segment);
            case ERASURE -> {
                if (linksReady < streams) {
                    early.add(segment);
                } else {
                    forward(segment);
                }
            }
        }
    }

    /** True once every stream of the request has ended (the session forgets the request). */
    synchronized boolean streamsEnded() {
        return streamsEnded == streams;
    }

    private void inlineSegment(Segment segment) {
        try {
            int n = segment.payload().readableBytes();
            if (inlineReceived + (long) n > inlineLength) {
                fail(ErrorCode.MALFORMED, "inline value sent more than its declared " + inlineLength + " bytes");
                return;
            }
            if (!reservePinned(n)) {
                return;
            }
            byte[] buffer = inlineValue;
            if (buffer == null) {
                throw new IllegalStateException("inline bytes after the put's buffer was let go");
            }
            if (inlineReceived + n > buffer.length) {
                int grown = (int) Math.min(inlineLength, Math.max(inlineReceived + (long) n, 2L * buffer.length));
                buffer = java.util.Arrays.copyOf(buffer, grown);
                inlineValue = buffer;
            }
            segment.payload().readBytes(buffer, inlineReceived, n);
            inlineReceived += n;
        } finally {
            segment.release();
        }
        if (segment.end()) {
            if (inlineReceived != inlineLength) {
                fail(
                        ErrorCode.MALFORMED,
                        "inline value ended after " + inlineReceived + " of " + inlineLength + " bytes");
                return;
            }
            commitInline();
        }
    }

    private void commitInline() {
        byte[] inline = inlineValue;
        if (inline == null) {
            throw new IllegalStateException("inline commit after the put's buffer was let go");
        }
        long v = store.index.nextVersion();
        List<SmallValueTier.Evicted> evicted = store.smallValues.put(key, v, inline, header.pinned());
        for (SmallValueTier.Evicted e : evicted) {
            if (e.key().equals(key) && e.version() == v) {
                long pinnedBytes = store.smallValues.pinnedBytes();
                if (inline.length > store.smallValues.capacityBytes()) {
                    refuse(
                            ErrorCode.TOO_LARGE,
                            "value of " + inline.length + " bytes exceeds the small-value tier's capacity "
                                    + store.smallValues.capacityBytes());
                } else {
                    // Only pinned values are left and they leave no room: refused as when full.
                    refuse(
                            ErrorCode.NO_ROOM,
                            "value of " + inline.length + " bytes does not fit the small-value tier: "
                                    + pinnedBytes + " of its " + store.smallValues.capacityBytes()
                                    + " bytes are pinned values, which are never evicted");
                }
                return;
            }
            ObjectMeta gone = store.index.removeVersion(e.key(), e.version());
            if (gone != null) {
                store.reclaim(gone);
            }
        }
        ObjectMeta meta = new ObjectMeta(
                key,
                v,
                inline.length,
                header.expiresAtMillis(),
                1,
                0,
                inline.length,
                layout.valueChecksum(),
                new int[0],
                true,
                new int[0],
                System.currentTimeMillis(),
                header.pinned());
        byte[] value = inline;
        inlineValue = null;
        MetadataIndex.CommitOutcome outcome = commitToIndex(meta);
        if (outcome == null) {
            store.smallValues.remove(key, v);
            refuse(ErrorCode.CONFLICT, ClientSession.leaseLost(header.leaseId()));
            return;
        }
        if (!outcome.committed()) {
            store.smallValues.remove(key, v);
            ObjectMeta current = store.index.get(key);
            answer(new Conflict(header.requestId(), current == null ? 0 : current.version()));
            mode = Mode.DISCARD;
            return;
        }
        pinnedReserved = 0; // the committed meta owns them now; reclaim returns them
        if (outcome.replaced() != null) {
            store.reclaim(outcome.replaced());
        }
        store.metrics.committed();
        answer(new Committed(header.requestId(), v));
        mode = Mode.DISCARD;
        if (!outcome.superseded()) {
            store.copies.writeThrough(meta, value);
        }
    }

    private void forward(Segment segment) {
        int shard = segment.streamIndex();
        int n = segment.payload().readableBytes();
        forwarded[shard] += n;
        if (forwarded[shard] > layout.shardLength() || (segment.end() && forwarded[shard] != layout.shardLength())) {
            segment.release();
            fail(
                    ErrorCode.MALFORMED,
                    "shard " + shard + " sent " + forwarded[shard] + " bytes, its layout says " + layout.shardLength());
            return;
        }
        if (!claim(shard, n)) {
            segment.release();
            return;
        }
        if (lost[shard]) {
            // Its node stopped serving: the bytes are claimed (repair moves the claim with the
            // shard) and dropped.
            segment.release();
            return;
        }
        NodeChannel link = links[shard];
        sentEnd[shard] |= segment.end();
        link.send(new Segment(nodeRequestIds[shard], 0, segment.end(), segment.payload()));
        ReadGate.throttle(client, link.channel());
    }

    private synchronized void nodeAnswered(int shard, Message message) {
        ReferenceCountUtil.release(message);
        if (mode != Mode.ERASURE) {
            if (failed && message instanceof ErrorMessage error && error.code() == ErrorCode.NO_ROOM) {
                makeRoom(shard); // the client sends a put refused for want of room once more
            }
            return;
        }
        if (message instanceof Ok) {
            if (stored[shard]) {
                return;
            }
            stored[shard] = true;
            if (++storedCount == streams) {
                commit();
            }
        } else if (message instanceof ErrorMessage error) {
            if (error.code() == ErrorCode.NO_ROOM && retryAfterNoRoom(shard)) {
                return;
            }
            fail(
                    error.code() == ErrorCode.NO_ROOM ? ErrorCode.NO_ROOM : ErrorCode.UNAVAILABLE,
                    "node " + links[shard].nodeId() + " refused shard " + shard + ": " + error.code() + " "
                            + error.message());
        } else {
            fail(ErrorCode.INTERNAL, "node " + links[shard].nodeId() + " answered a SHARD_PUT with " + message.type());
        }
    }

    /**
     * A node refused a shard for want of room, though the proxy's ledger gave it room (orphans or
     * per-shard overhead the ledger does not see): evicts values from that node until the shard's
     * size is freed and tries once more. When none of the shard's bytes went out yet it is sent
     * again; otherwise (they were forwarded and dropped) the put commits without it, at most r
     * such shards, and repair rebuilds it from the others once committed. Past that the put fails
     * with NO_ROOM and the client, which still holds the value, sends it once more: every node
     * that refused has been evicted from by then.
     *
     * @return false when the put must fail: retried already, nothing to evict, or too many shards
     *     missing
     */
    private boolean retryAfterNoRoom(int shard) {
        if (!makeRoom(shard)) {
            return false;
        }
        if (forwarded[shard] == 0 && !sentEnd[shard]) {
            log.debug("node {} had no room for shard {} of {}: evicted, sending it again", nodes[shard], shard, key);
            // Answered on the node's link, which therefore is not retired: a BYE is read after this.
            return requestShard(shard);
        }
        if (rebuildLater == null) {
            rebuildLater = new java.util.ArrayList<>();
        }
        if (rebuildLater.size() >= layout.r()) {
            return false;
        }
        rebuildLater.add(shard);
        // The node drops the rest of this shard's segments; later ones still go out and are dropped.
        sentEnd[shard] = true;
        stored[shard] = true;
        if (++storedCount == streams) {
            commit();
        }
        return true;
    }

    /** Evicts from the shard's node, once per shard; false when done already or nothing to evict. */
    private boolean makeRoom(int shard) {
        if (noRoomRetried == null) {
            noRoomRetried = new boolean[streams];
        }
        if (noRoomRetried[shard]) {
            return false;
        }
        noRoomRetried[shard] = true;
        return store.evictFrom(nodes[shard], layout.shardLength());
    }

    /**
     * A shard's node stopped serving before it stored the shard: most often a request that crossed
     * the node's BYE (with idle-return 0 a node returns right behind its last reply). The put
     * commits without that shard, at most r such, and repair rebuilds it from the others, as when
     * a node refuses a shard for want of room; past r it fails.
     */
    private synchronized void nodeFailed(int shard, String reason) {
        if (mode != Mode.ERASURE || stored[shard]) {
            return;
        }
        if (rebuildLater == null) {
            rebuildLater = new java.util.ArrayList<>();
        }
        if (rebuildLater.size() >= layout.r()) {
            fail(ErrorCode.UNAVAILABLE, "shard " + shard + " failed: " + reason);
            return;
        }
        log.debug("node {} lost shard {} of {} ({}): committing without it", nodes[shard], shard, key, reason);
        rebuildLater.add(shard);
        lost[shard] = true;
        // Nothing more goes to that node, not even the end of its shard.
        sentEnd[shard] = true;
        stored[shard] = true;
        if (++storedCount == streams) {
            commit();
        }
    }

    private void commit() {
        int[] crcs = layout.shardCrc32c().stream().mapToInt(Integer::intValue).toArray();
        ObjectMeta meta = new ObjectMeta(
                key,
                version,
                layout.length(),
                header.expiresAtMillis(),
                layout.k(),
                layout.r(),
                layout.shardLength(),
                layout.valueChecksum(),
                crcs,
                false,
                nodes,
                System.currentTimeMillis(),
                header.pinned());
        MetadataIndex.CommitOutcome outcome = commitToIndex(meta);
        mode = Mode.DISCARD;
        pinnedReserved = 0; // the meta owns them now: reclaim (below, or when it leaves) returns them
        if (outcome == null) {
            store.reclaim(meta);
            answer(new ErrorMessage(header.requestId(), ErrorCode.CONFLICT, ClientSession.leaseLost(header.leaseId())));
            return;
        }
        if (!outcome.committed()) {
            store.reclaim(meta);
            ObjectMeta current = store.index.get(key);
            answer(new Conflict(header.requestId(), current == null ? 0 : current.version()));
            return;
        }
        if (!outcome.superseded()) {
            store.eviction.admitted(key, version, header.pinned());
            if (rebuildLater != null) {
                rebuildLater.forEach(shard -> store.shardLoss.lost(meta, shard));
            }
        }
        if (outcome.replaced() != null) {
            store.reclaim(outcome.replaced());
        }
        log.debug("committed {}", meta);
        store.metrics.committed();
        answer(new Committed(header.requestId(), version));
    }

    /** Commits by compare-and-set; a leased put only while its lease holds (null when it no longer does). */
    private MetadataIndex.@Nullable CommitOutcome commitToIndex(ObjectMeta meta) {
        if (!header.leased()) {
            return store.index.commit(meta, header.expectedVersion());
        }
        return store.leases.commitUnder(
                key, header.leaseId(), () -> store.index.commit(meta, header.expectedVersion()));
    }

    /** The client connection closed mid-put. */
    synchronized void abandon(String reason) {
        if (mode == Mode.ERASURE) {
            fail(ErrorCode.UNAVAILABLE, reason);
        }
        mode = Mode.DISCARD;
        releasePinned();
    }

    private void releasePinned() {
        if (pinnedReserved > 0) {
            store.pinned.release(pinnedReserved);
            pinnedReserved = 0;
        }
    }

    private void refuse(ErrorCode code, String reason) {
        answer(new ErrorMessage(header.requestId(), code, reason));
        mode = Mode.DISCARD;
    }

    /** Undoes the new version everywhere and answers ERROR. */
    private void fail(ErrorCode code, String reason) {
        Mode was = mode;
        mode = Mode.DISCARD;
        failed = was == Mode.ERASURE;
        if (was == Mode.ERASURE) {
            log.info("put of {} v{} failed: {}", key, version, reason);
            for (int shard = 0; shard < streams; shard++) {
                NodeChannel link = links[shard];
                if (link == null) {
                    continue;
                }
                if (!sentEnd[shard]) {
                    // End the node's half-received shard: its checksum fails and the node drops it.
                    sentEnd[shard] = true;
                    link.send(new Segment(nodeRequestIds[shard], 0, true, Unpooled.EMPTY_BUFFER));
                }
                store.pool.deleteShard(nodes[shard], StoreCoordinator.shardKey(key, version, shard));
            }
            for (int shard = 0; shard < streams; shard++) {
                store.placement.release(nodes[shard], claimed[shard]);
                claimed[shard] = 0;
            }
            while (!early.isEmpty()) {
                early.poll().release();
            }
            releaseClient();
        }
        inlineValue = null;
        answer(new ErrorMessage(header.requestId(), code, reason));
    }

    private void releaseClient() {
        if (holdingClient) {
            holdingClient = false;
            ReadGate.release(client);
        }
    }

    private void answer(Message message) {
        if (!(message instanceof Committed)) {
            releasePinned(); // every other answer means this version was not stored
            if (header.leased() && !(failed && message instanceof ErrorMessage e && e.code() == ErrorCode.NO_ROOM)) {
                // A failed write ends its lease too, so the next writer need not wait for it to
                // expire; but one refused for want of room keeps it for the client's one retry.
                store.leases.release(key, header.leaseId());
            }
        }
        if (!answered) {
            answered = true;
            client.writeAndFlush(message);
        }
    }
}
