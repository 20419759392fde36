package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.NotFound;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardData;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.protocol.segment.SegmentWriter;
import io.mayfly.proxy.index.EvictionPolicy;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.PinnedLedger;
import io.mayfly.proxy.index.ShardPlacement;
import io.mayfly.proxy.index.ShardRecord;
import io.mayfly.proxy.index.SmallValueTier;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.keepalive.RepairScheduler;
import io.mayfly.proxy.metrics.ProxyMetrics;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodePool;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations on values, over the index, placement, eviction, the small-value tier and the
 * node pool. Puts are {@link PutStream}s; gets fan out to every shard and gather with
 * {@link FirstDGather}. Runs on event loops and completes through futures: it never blocks.
 */
final class StoreCoordinator {

    private static final Logger log = LoggerFactory.getLogger(StoreCoordinator.class);

    final ProxySettings settings;
    final MetadataIndex index = new MetadataIndex();
    final ShardPlacement placement;
    final EvictionPolicy eviction = new EvictionPolicy();
    final SmallValueTier smallValues;
    final PinnedLedger pinned;
    final NodePool<NodeChannel> pool;
    final KeepAliveCounters counters = new KeepAliveCounters();
    /** Bounds: leased keys at once, and clients waiting for one key's lease. */
    final WriteLeases leases = new WriteLeases(65_536, 1_024, System::nanoTime);

    final ReadLeases reads = new ReadLeases();
    /** Whole copies of small-tier values on two functions, so a restarted proxy recovers them. */
    final SmallValueCopies copies;
    /** Hears of shards a get found lost for good (read repair); none until repair is wired. */
    volatile RepairScheduler.ShardLoss shardLoss = (meta, shard) -> {};

    /** Attempts per shard of a get whose node stops serving under it (each one re-invokes). */
    static final int GET_ATTEMPTS = 3;

    final ProxyMetrics metrics;

    StoreCoordinator(ProxySettings settings, NodePool<NodeChannel> pool, ProxyMetrics metrics) {
        this.settings = settings;
        this.pool = pool;
        this.metrics = metrics;
        this.placement = new ShardPlacement(pool.size(), settings.nodeCapacityBytes());
        this.smallValues = new SmallValueTier(settings.smallTierCapacityBytes());
        this.pinned = new PinnedLedger(settings.pinnedMaxBytes());
        this.copies = new SmallValueCopies(this);
    }

    static ShardKey shardKey(ObjectKey key, long version, int shard) {
        return new ShardKey(key.space(), Bytes.copyOf(key.key()), version, shard);
    }

    /** The metadata each shard of a put carries to its node, from which recovery rebuilds the entry. */
    static Bytes record(ValueLayout layout, long expiresAtMillis, boolean pinned) {
        int[] crcs = layout.shardCrc32c().stream().mapToInt(Integer::intValue).toArray();
        return Bytes.copyOf(new ShardRecord(
                        layout.length(),
                        layout.k(),
                        layout.r(),
                        layout.shardLength(),
                        layout.valueChecksum(),
                        crcs,
                        expiresAtMillis,
                        pinned,
                        false)
                .encode());
    }

    /**
     * Claims {@code bytes} more on one node for a put whose bytes are arriving, evicting whole
     * values (CLOCK) until they fit: eviction follows bytes that exist, never a declared size.
     *
     * @return false when no room is left even after evicting every unpinned value
     */
    boolean claim(int node, long bytes) {
        while (true) {
            if (placement.tryClaim(node, bytes)) {
                return true;
            }
            EvictionPolicy.Victim victim = eviction.nextVictim();
            if (victim == null) {
                return false;
            }
            ObjectMeta evicted = index.removeVersion(victim.key(), victim.version());
            if (evicted != null) {
                metrics.evicted();
                log.debug("evicted {} to make room for {} bytes on node {}", evicted, bytes, node);
                reclaim(evicted);
            }
        }
    }

    /**
     * Evicts one value (CLOCK order) holding a shard or copy on {@code node}: that node refused a
     * shard for want of room, so room elsewhere would not help it.
     *
     * @return false when no evictable value has anything on that node
     */
    boolean evictFrom(int node) {
        while (true) {
            EvictionPolicy.Victim victim = eviction.nextVictim((key, version) -> {
                ObjectMeta meta = index.get(key);
                if (meta == null || meta.version() != version) {
                    return true; // stale: dropping it from the ring costs nothing
                }
                for (int n : meta.placement()) {
                    if (n == node) {
                        return true;
                    }
                }
                return false;
            });
            if (victim == null) {
                return false;
            }
            ObjectMeta evicted = index.removeVersion(victim.key(), victim.version());
            if (evicted != null) {
                log.debug("evicted {} to make room on node {}", evicted, pool.name(node));
                metrics.evicted();
                reclaim(evicted);
                return true;
            }
        }
    }

    /**
     * Frees a value no longer in the index: its shards on every node, or its tier entry and its
     * whole copies. Reads of the version still in flight finish first ({@link ReadLeases}).
     */
    void reclaim(ObjectMeta meta) {
        eviction.removed(meta.key(), meta.version());
        if (meta.pinned()) {
            pinned.release(meta.footprintBytes());
        }
        reads.afterReads(meta.key(), meta.version(), () -> free(meta));
    }

    private void free(ObjectMeta meta) {
        if (meta.inline()) {
            smallValues.remove(meta.key(), meta.version());
        }
        int[] nodes = meta.placement();
        for (int shard = 0; shard < nodes.length; shard++) {
            pool.deleteShard(nodes[shard], shardKey(meta.key(), meta.version(), shard));
        }
        placement.releaseAll(nodes, meta.shardLength());
    }

    /**
     * The current version of a key with a read lease on it, or null when absent: a version read
     * under a lease keeps its storage until {@link ReadLeases#release}.
     */
    private ObjectMeta leaseCurrent(ObjectKey key) {
        ObjectMeta meta = index.get(key);
        // Each retry means a write committed meanwhile; a handful at most in practice.
        for (int attempt = 0; attempt < 64 && meta != null; attempt++) {
            reads.acquire(key, meta.version());
            ObjectMeta now = index.get(key);
            if (now != null && now.version() == meta.version()) {
                return now;
            }
            reads.release(key, meta.version());
            meta = now;
        }
        if (meta != null) {
            reads.acquire(key, meta.version());
        }
        return meta;
    }

    static ValueLayout layoutOf(ObjectMeta meta) {
        if (meta.inline()) {
            return ValueLayout.inline(meta.length(), meta.wholeChecksum());
        }
        List<Integer> crcs = new ArrayList<>(meta.shardCrcs().length);
        for (int crc : meta.shardCrcs()) {
            crcs.add(crc);
        }
        return new ValueLayout(
                meta.length(),
                meta.dataShards(),
                meta.parityShards(),
                (int) meta.shardLength(),
                meta.wholeChecksum(),
                crcs,
                false);
    }

    // ---- get ---------------------------------------------------------------------------------

    void get(Channel client, ObjectGet request) {
        ObjectKey key = ObjectKey.of(request.space(), request.key().toByteArray());
        ObjectMeta meta = leaseCurrent(key);
        if (meta == null) {
            metrics.getMissed();
            client.writeAndFlush(new NotFound(request.requestId()));
            return;
        }
        if (meta.inline() || !request.wantValue()) {
            // The tier's arrays are never written again: the lease may end before the bytes are sent.
            byte[] inline = meta.inline() ? smallValues.get(key, meta.version()) : null;
            reads.release(key, meta.version());
            if (meta.inline() && inline == null) {
                metrics.getMissed();
                client.writeAndFlush(new NotFound(request.requestId()));
                return;
            }
            long id = request.requestId();
            client.writeAndFlush(new io.mayfly.protocol.message.ObjectMeta(
                    id, meta.version(), meta.expiresAtMillis(), layoutOf(meta)));
            if (inline != null && request.wantValue()) {
                metrics.getFromSmallTier();
                SegmentWriter.write(client, id, 0, inline, settings.segmentCapBytes());
            }
            return;
        }
        long id = request.requestId();
        client.writeAndFlush(
                new io.mayfly.protocol.message.ObjectMeta(id, meta.version(), meta.expiresAtMillis(), layoutOf(meta)));
        eviction.accessed(key);
        gather(client, id, meta);
    }

    /** Gathers the first k shards; ends the read lease of {@code meta} when the gather ends. */
    private void gather(Channel client, long clientRequestId, ObjectMeta meta) {
        long started = System.nanoTime();
        FirstDGather[] gatherOf = new FirstDGather[1];
        FirstDGather gather =
                new FirstDGather(meta.dataShards(), meta.shardLength(), meta.shardCrcs(), new FirstDGather.Sink() {
                    @Override
                    public void segment(int shard, ByteBuf data, boolean last) {
                        client.write(new Segment(clientRequestId, shard, last, data));
                        client.flush();
                    }

                    @Override
                    public void completed() {
                        reads.release(meta.key(), meta.version());
                        log.debug("get of {} completed from the first {} shards", meta, meta.dataShards());
                        boolean degraded = gatherOf[0].missingShards() > 0;
                        if (degraded) {
                            counters.degradedReads.incrementAndGet();
                        }
                        metrics.getServed(degraded, System.nanoTime() - started);
                        metrics.stragglersCut(gatherOf[0].stragglers());
                    }

                    @Override
                    public void lost(int shard) {
                        shardLost(meta, shard);
                    }

                    @Override
                    public void failed(String reason, boolean definitelyLost) {
                        reads.release(meta.key(), meta.version());
                        log.info("get of {} failed: {}", meta, reason);
                        metrics.getFailed();
                        // Forget a lost value before answering: a client that acts on the miss must not
                        // find the value still indexed.
                        boolean miss = definitelyLost;
                        if (definitelyLost) {
                            ObjectMeta removed = index.removeVersion(meta.key(), meta.version());
                            if (removed != null) {
                                reclaim(removed);
                            } else if (index.get(meta.key()) != null) {
                                // Overwritten while read (its shards went with it): the key holds a
                                // value, so this is no miss.
                                miss = false;
                            }
                        }
                        client.writeAndFlush(new ErrorMessage(
                                clientRequestId,
                                miss ? ErrorCode.NOT_FOUND : ErrorCode.UNAVAILABLE,
                                "value " + meta.key() + " v" + meta.version() + " cannot be read: " + reason));
                    }
                });
        gatherOf[0] = gather;
        int[] nodes = meta.placement();
        for (int shard = 0; shard < nodes.length; shard++) {
            fetchShard(client, meta, gather, shard, GET_ATTEMPTS);
        }
    }

    /** A node answered NOT_FOUND or a shard failed its checksum: its bytes are gone. */
    private void shardLost(ObjectMeta meta, int shard) {
        counters.shardsFoundLost.incrementAndGet();
        shardLoss.lost(meta, shard);
    }

    /**
     * Asks one node for one shard. A node whose invocation failed, or that stopped serving under
     * the request (it returned, was reclaimed, or its connection dropped) before any byte of the
     * shard arrived, is invoked again, up to {@code attempts} in all; a shard already streaming is
     * never asked again (its bytes went to the client).
     */
    private void fetchShard(Channel client, ObjectMeta meta, FirstDGather gather, int shard, int attempts) {
        int node = meta.placement()[shard];
        ShardKey shardKey = shardKey(meta.key(), meta.version(), shard);
        pool.serving(node).whenComplete((link, error) -> {
            if (error != null) {
                if (attempts > 1 && !gather.finished() && gather.notStarted(shard)) {
                    counters.getRetries.incrementAndGet();
                    fetchShard(client, meta, gather, shard, attempts - 1);
                    return;
                }
                gather.missing(shard, "node " + pool.name(node) + " unavailable: " + error.getMessage(), false);
                return;
            }
            if (gather.finished()) {
                return;
            }
            link.request(rid -> new ShardGet(rid, shardKey), new NodeChannel.ReplyListener() {
                @Override
                public void reply(Message message) {
                    if (message instanceof ShardData data) {
                        gather.started(shard, data.totalLength());
                    } else if (message instanceof Segment segment) {
                        // No backpressure onto the node link: other clients' gets share it. What a
                        // slow client leaves unread is bounded by its own connection's budget.
                        gather.segment(shard, segment.payload(), segment.end());
                    } else if (message instanceof ErrorMessage error) {
                        boolean lost = error.code() == ErrorCode.NOT_FOUND || error.code() == ErrorCode.CHECKSUM;
                        gather.missing(
                                shard, "node " + link.nodeId() + ": " + error.code() + " " + error.message(), lost);
                    } else {
                        io.netty.util.ReferenceCountUtil.release(message);
                        gather.missing(shard, "node " + link.nodeId() + " answered " + message.type(), false);
                    }
                }

                @Override
                public void failed(String reason) {
                    if (attempts > 1 && !link.isServing() && !gather.finished() && gather.notStarted(shard)) {
                        counters.getRetries.incrementAndGet();
                        fetchShard(client, meta, gather, shard, attempts - 1);
                    } else {
                        gather.missing(shard, reason, false);
                    }
                }

                @Override
                public void notSent(String reason) {
                    // The node was returning: not a failed attempt, it serves once invoked again.
                    if (!gather.finished() && gather.notStarted(shard)) {
                        fetchShard(client, meta, gather, shard, attempts);
                    } else {
                        gather.missing(shard, reason, false);
                    }
                }
            });
        });
    }

    // ---- delete, touch, keys, clear -------------------------------------------------------------

    boolean delete(String space, byte[] key, long expectedVersion) {
        ObjectMeta removed = index.remove(ObjectKey.of(space, key), expectedVersion);
        if (removed == null) {
            return false;
        }
        reclaim(removed);
        return true;
    }

    /**
     * A delete that commits under a write lease and ends it.
     *
     * @return whether a value was removed, or null when the lease no longer holds (nothing done)
     */
    Boolean deleteUnderLease(String space, byte[] key, long expectedVersion, long leaseId) {
        ObjectKey objectKey = ObjectKey.of(space, key);
        ObjectMeta[] removed = new ObjectMeta[1];
        Boolean held = leases.commitUnder(objectKey, leaseId, () -> {
            removed[0] = index.remove(objectKey, expectedVersion);
            return Boolean.TRUE;
        });
        if (held == null) {
            return null;
        }
        if (removed[0] != null) {
            reclaim(removed[0]);
        }
        return removed[0] != null;
    }

    boolean touch(String space, byte[] key, long expectedVersion, long expiresAtMillis) {
        return index.touch(ObjectKey.of(space, key), expectedVersion, expiresAtMillis);
    }

    List<Bytes> keys(String space) {
        List<Bytes> keys = new ArrayList<>();
        for (ObjectMeta meta : index.entriesOf(space)) {
            keys.add(Bytes.copyOf(meta.key().key()));
        }
        return keys;
    }

    void clear(String space) {
        for (ObjectMeta meta : index.entriesOf(space)) {
            ObjectMeta removed = index.removeVersion(meta.key(), meta.version());
            if (removed != null) {
                reclaim(removed);
            }
        }
    }
}
