package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.node.NodeChannel;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An erasure-coded value: the client's shard segments are forwarded to k+r distinct nodes as they
 * arrive; the new version commits in the index only when every node has answered OK, by
 * compare-and-set on the expected version; then the superseded version's storage is reclaimed.
 * Until then readers see the old version. Any failure deletes what was stored of the new version
 * and answers ERROR.
 */
final class ErasurePut extends PutStream {

    private static final Logger log = LoggerFactory.getLogger(ErasurePut.class);

    /** How often, on average per shard, a put invokes a node again that was returning. */
    private static final int MAX_RELINKS_PER_SHARD = 3;

    private long version;
    private int[] nodes = new int[0];
    private final @Nullable NodeChannel[] links;
    private final long[] nodeRequestIds;
    private final long[] forwarded;
    /** Room claimed on each shard's node so far: claimed as bytes arrive, so a header evicts nothing. */
    private final long[] claimed;

    private final boolean[] stored;
    private final boolean[] sentEnd;
    /** Shards whose node stopped serving mid-put: committed without, rebuilt by repair. */
    private final boolean[] lost;
    /** Shards a node refused for want of room, and whose node has been evicted from once. */
    private final boolean[] noRoomRetried;

    /** Nodes have been asked for the shards: a failure from here on must undo them. */
    private boolean started;

    private int linksReady;
    /** Links found retired (their node returning) and asked for again. */
    private int relinks;

    private int storedCount;
    /** The put failed: nodes that still refuse for want of room get room for the client's retry. */
    private boolean failed;
    /** Shards refused after their bytes went out, or whose node stopped: committed without, rebuilt by repair. */
    private final List<Integer> rebuildLater = new ArrayList<>();

    private boolean holdingClient;
    /** Segments that arrived before every shard's node was ready for them. */
    private final ArrayDeque<Segment> early = new ArrayDeque<>();

    ErasurePut(StoreCoordinator store, Channel client, ObjectPut header) {
        super(store, client, header, header.layout().k() + header.layout().r());
        links = new NodeChannel[streams];
        nodeRequestIds = new long[streams];
        forwarded = new long[streams];
        claimed = new long[streams];
        stored = new boolean[streams];
        sentEnd = new boolean[streams];
        lost = new boolean[streams];
        noRoomRetried = new boolean[streams];
    }

    @Override
    void start() {
        int k = layout.k();
        long shardLength = layout.shardLength();
        if (streams > store.pool.size() || !store.storage.placement.couldEverFit(streams, shardLength)) {
            refuse(
                    ErrorCode.TOO_LARGE,
                    "value of " + layout.length() + " bytes as " + k + "+" + layout.r()
                            + " shards of " + shardLength + " bytes cannot fit a pool of " + store.pool.size()
                            + " nodes holding " + store.storage.placement.capacityPerNode()
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
        nodes = store.storage.placement.choose(streams);
        version = store.storage.index.nextVersion();
        started = true;
        // Until every target node serves, the client's bytes wait in its socket, not here.
        ReadGate.hold(client);
        holdingClient = true;
        for (int s = 0; s < streams; s++) {
            askForLink(s);
        }
    }

    private void askForLink(int shard) {
        store.pool
                .serving(nodes[shard])
                .whenComplete((link, error) -> onClientLoop(() -> linkReady(shard, link, error)));
    }

    private void linkReady(int shard, @Nullable NodeChannel link, @Nullable Throwable error) {
        if (done()) {
            return;
        }
        if (error != null || link == null) {
            fail(
                    ErrorCode.UNAVAILABLE,
                    "node " + store.pool.name(nodes[shard]) + " for shard " + shard + " unavailable: "
                            + (error == null ? "no link" : error.getMessage()));
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
            askForLink(shard);
            return;
        }
        if (++linksReady < streams) {
            return;
        }
        while (!early.isEmpty()) {
            Segment s = early.poll();
            if (done()) {
                s.release();
            } else {
                forward(s);
            }
        }
        releaseClient();
    }

    private NodeChannel link(int shard) {
        NodeChannel link = links[shard];
        if (link == null) {
            throw new IllegalStateException("shard " + shard + " of " + key + " has no node link yet");
        }
        return link;
    }

    /**
     * Sends SHARD_PUT for one shard; its segments go to the request id it gets. False when it was not
     * sent, as its node is returning.
     */
    private boolean requestShard(int shard) {
        nodeRequestIds[shard] = link(shard)
                .request(
                        id -> new ShardPut(
                                id,
                                StoreCoordinator.shardKey(key, version, shard),
                                layout.shardLength(),
                                layout.shardCrc32c().get(shard),
                                StoreCoordinator.record(layout, header.expiresAtMillis(), header.pinned())),
                        new NodeChannel.ReplyListener() {
                            @Override
                            public void reply(Message message) {
                                onClientLoop(() -> nodeAnswered(shard, message));
                            }

                            @Override
                            public void failed(String reason) {
                                onClientLoop(() -> nodeFailed(shard, reason));
                            }

                            @Override
                            public void notSent(String reason) {
                                // Seen at once by the caller (NOT_SENT), which invokes the node again.
                            }
                        });
        return nodeRequestIds[shard] != NodeChannel.NOT_SENT;
    }

    @Override
    void accept(Segment segment) {
        if (linksReady < streams) {
            early.add(segment);
        } else {
            forward(segment);
        }
    }

    /** Claims room for {@code bytes} more of a shard on its node, evicting as needed; fails the put when none is left. */
    private boolean claim(int shard, long bytes) {
        if (!reservePinned(bytes)) {
            return false;
        }
        if (!store.storage.claim(nodes[shard], bytes)) {
            fail(
                    ErrorCode.NO_ROOM,
                    "node " + store.pool.name(nodes[shard]) + " has no room for shard " + shard + " of "
                            + layout.shardLength() + " bytes even after eviction (pool capacity "
                            + store.storage.placement.capacity() + " bytes, " + store.storage.pinned.usedBytes()
                            + " of them held by pinned values, which are never evicted)");
            return false;
        }
        claimed[shard] += bytes;
        return true;
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
        NodeChannel link = link(shard);
        sentEnd[shard] |= segment.end();
        link.send(new Segment(nodeRequestIds[shard], 0, segment.end(), segment.payload()));
        ReadGate.throttle(client, link.channel());
    }

    private void nodeAnswered(int shard, Message message) {
        ReferenceCountUtil.release(message);
        if (done()) {
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
                    "node " + link(shard).nodeId() + " refused shard " + shard + ": " + error.code() + " "
                            + error.message());
        } else {
            fail(ErrorCode.INTERNAL, "node " + link(shard).nodeId() + " answered a SHARD_PUT with " + message.type());
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
        if (noRoomRetried[shard]) {
            return false;
        }
        noRoomRetried[shard] = true;
        return store.storage.evictFrom(nodes[shard], layout.shardLength());
    }

    /**
     * A shard's node stopped serving before it stored the shard: most often a request that crossed
     * the node's BYE (with idle-return 0 a node returns right behind its last reply). The put
     * commits without that shard, at most r such, and repair rebuilds it from the others, as when
     * a node refuses a shard for want of room; past r it fails.
     */
    private void nodeFailed(int shard, String reason) {
        if (done() || stored[shard]) {
            return;
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
        end();
        pinnedHandedOver(); // the meta owns them now: reclaim (below, or when it leaves) returns them
        if (outcome == null) {
            store.storage.reclaim(meta);
            answer(new ErrorMessage(header.requestId(), ErrorCode.CONFLICT, ClientSession.leaseLost(header.leaseId())));
            return;
        }
        if (!outcome.committed()) {
            store.storage.reclaim(meta);
            conflict();
            return;
        }
        if (!outcome.superseded()) {
            store.storage.eviction.admitted(key, version, header.pinned());
            rebuildLater.forEach(shard -> store.shardLoss.lost(meta, shard));
        }
        if (outcome.replaced() != null) {
            store.storage.reclaim(outcome.replaced());
        }
        log.debug("committed {}", meta);
        committed(version);
    }

    @Override
    void abandon(String reason) {
        if (!done()) {
            fail(ErrorCode.UNAVAILABLE, reason);
        }
        super.abandon(reason);
    }

    @Override
    boolean keepsLease(ErrorMessage error) {
        return failed && error.code() == ErrorCode.NO_ROOM;
    }

    /** Undoes the new version everywhere and answers ERROR. */
    @Override
    void fail(ErrorCode code, String reason) {
        boolean undo = started && !done();
        end();
        failed = undo;
        if (undo) {
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
                store.storage.placement.release(nodes[shard], claimed[shard]);
                claimed[shard] = 0;
            }
            while (!early.isEmpty()) {
                early.poll().release();
            }
            releaseClient();
        }
        answer(new ErrorMessage(header.requestId(), code, reason));
    }

    private void releaseClient() {
        if (holdingClient) {
            holdingClient = false;
            ReadGate.release(client);
        }
    }
}
