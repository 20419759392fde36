package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.ExpectedVersion;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.NotFound;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardData;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.protocol.segment.SegmentWriter;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations on values, over their {@link ValueStorage} (index, placement, eviction, the
 * small-value tier) and the node pool. Puts are {@link PutStream}s; gets fan out to every shard and
 * gather with {@link FirstDGather}. Runs on event loops and completes through futures: it never
 * blocks.
 */
final class StoreCoordinator {

    private static final Logger log = LoggerFactory.getLogger(StoreCoordinator.class);

    final ProxySettings settings;
    final ValueStorage storage;
    final NodePool<NodeChannel> pool;
    final KeepAliveCounters counters;
    /** Bounds: leased keys at once, and clients waiting for one key's lease. */
    final WriteLeases leases = new WriteLeases(65_536, 1_024, System::nanoTime);

    /** Whole copies of small-tier values on two functions, so a restarted proxy recovers them. */
    final SmallValueCopies copies;
    /** Hears of shards found lost for good (read repair): repair when it is on. */
    final RepairScheduler.ShardLoss shardLoss;

    /** Attempts per shard of a get whose node stops serving under it (each one re-invokes). */
    static final int GET_ATTEMPTS = 3;

    final ProxyMetrics metrics;

    /** A store of its own storage and counters, with no repair. */
    StoreCoordinator(ProxySettings settings, NodePool<NodeChannel> pool, ProxyMetrics metrics) {
        this(
                settings,
                new ValueStorage(settings, pool, metrics),
                pool,
                new KeepAliveCounters(),
                (meta, shard) -> {},
                metrics,
                (task, delayMs) -> CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS)
                        .execute(task));
    }

    StoreCoordinator(
            ProxySettings settings,
            ValueStorage storage,
            NodePool<NodeChannel> pool,
            KeepAliveCounters counters,
            RepairScheduler.ShardLoss shardLoss,
            ProxyMetrics metrics,
            SmallValueCopies.Timer copiesTimer) {
        this.settings = settings;
        this.storage = storage;
        this.pool = pool;
        this.counters = counters;
        this.shardLoss = shardLoss;
        this.metrics = metrics;
        this.copies = new SmallValueCopies(this, copiesTimer);
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
     * The current version of a key with a read lease on it, or null when absent: a version read
     * under a lease keeps its storage until {@link ReadLeases#release}.
     */
    private @Nullable ObjectMeta leaseCurrent(ObjectKey key) {
        ObjectMeta meta = storage.index.get(key);
        // Each retry means a write committed meanwhile; a handful at most in practice.
        for (int attempt = 0; attempt < 64 && meta != null; attempt++) {
            storage.reads.acquire(key, meta.version());
            ObjectMeta now = storage.index.get(key);
            if (now != null && now.version() == meta.version()) {
                return now;
            }
            storage.reads.release(key, meta.version());
            meta = now;
        }
        if (meta != null) {
            storage.reads.acquire(key, meta.version());
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

    private int segmentCap() {
        return settings.segmentCapBytes();
    }

    /**
     * The current version of a key as this proxy's memory holds it, or null when it has none
     * (counted as a miss); callable from any thread. An inline value comes with its bytes: the
     * tier's own array, never written again, so it may be sent after the read lease ended but must
     * not be modified. A value in shards asked for with its bytes keeps its read lease (see
     * {@link #leaseCurrent}): its gather ends it, or the caller releases it.
     */
    @Nullable
    MemoryRead readMemory(ObjectKey key, boolean wantValue) {
        ObjectMeta meta = leaseCurrent(key);
        if (meta == null) {
            metrics.getMissed();
            return null;
        }
        if (!meta.inline() && wantValue) {
            return new MemoryRead(meta, null);
        }
        byte[] inline = meta.inline() ? storage.smallValues.get(key, meta.version()) : null;
        storage.reads.release(key, meta.version());
        if (meta.inline() && inline == null) {
            metrics.getMissed();
            return null;
        }
        if (inline != null && wantValue) {
            metrics.getFromSmallTier();
        }
        return new MemoryRead(meta, inline);
    }

    /**
     * What {@link #readMemory} found: the current version and, when inline, its bytes (shared).
     */
    record MemoryRead(ObjectMeta meta, byte @Nullable [] inline) {}

    void get(Channel client, ObjectGet request) {
        ObjectKey key = ObjectKey.of(request.space(), request.key().toByteArray());
        MemoryRead read = readMemory(key, request.wantValue());
        if (read == null) {
            client.writeAndFlush(new NotFound(request.requestId()));
            return;
        }
        ObjectMeta meta = read.meta();
        long id = request.requestId();
        io.mayfly.protocol.message.ObjectMeta answer =
                new io.mayfly.protocol.message.ObjectMeta(id, meta.version(), meta.expiresAtMillis(), layoutOf(meta));
        if (meta.inline() || !request.wantValue()) {
            byte[] inline = read.inline();
            if (inline != null && request.wantValue()) {
                // The meta and the value leave in one flush when credit allows at once (one packet,
                // one wake-up of the client); paced like shard data otherwise, so a small value never
                // pushes a busy connection past its bound.
                client.write(answer);
                ClientAdmission.reserve(
                        client, id, inline.length, () -> SegmentWriter.write(client, id, 0, inline, segmentCap()));
                client.flush();
            } else {
                client.writeAndFlush(answer);
            }
            return;
        }
        client.writeAndFlush(answer);
        storage.eviction.accessed(key);
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
                        storage.reads.release(meta.key(), meta.version());
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
                        storage.reads.release(meta.key(), meta.version());
                        log.info("get of {} failed: {}", meta, reason);
                        metrics.getFailed();
                        // Forget a lost value before answering: a client that acts on the miss must not
                        // find the value still indexed.
                        boolean miss = definitelyLost;
                        if (definitelyLost && storage.drop(meta) == null && storage.index.get(meta.key()) != null) {
                            // Overwritten while read (its shards went with it): the key holds a
                            // value, so this is no miss.
                            miss = false;
                        }
                        client.writeAndFlush(new ErrorMessage(
                                clientRequestId,
                                miss ? ErrorCode.NOT_FOUND : ErrorCode.UNAVAILABLE,
                                "value " + meta.key() + " v" + meta.version() + " cannot be read: " + reason));
                    }
                });
        gatherOf[0] = gather;
        int[] nodes = meta.placement();
        long window = ClientAdmission.windowBytes(client, nodes.length);
        for (int shard = 0; shard < nodes.length; shard++) {
            new ShardFetch(client, clientRequestId, meta, gather, shard, window).next();
        }
    }

    /** A node answered NOT_FOUND or a shard failed its checksum: its bytes are gone. */
    private void shardLost(ObjectMeta meta, int shard) {
        counters.shardsFoundLost.incrementAndGet();
        shardLoss.lost(meta, shard);
    }

    /**
     * Pulls one shard of a get from its node, a window at a time, each window only once the
     * client's connection has credit for it ({@link ClientAdmission#reserve}): the node link, which
     * other clients' gets share, is never held back for a slow reader; the slow reader's own get
     * waits instead. The next window is asked as soon as the current one starts arriving (credit
     * permitting; after the current one's request went out, so the node answers them in order), so
     * a node serving a client that keeps up never goes idle, and returns, between windows. A node whose invocation failed, or that stopped serving under the shard, is invoked
     * again and asked for the rest from the first byte not yet received (a shard's bytes never
     * change), up to {@link #GET_ATTEMPTS} attempts in all. Once first-d has completed, no further
     * window is asked; the windows in flight still arrive and are checked (and dropped).
     *
     * <p>Replies come on node event loops, credit on the client's: state is guarded by this
     * object's lock, and a restart moves to a new generation whose predecessors' replies are
     * dropped.
     */
    private final class ShardFetch {
        /** Windows asked of the node ahead of what has arrived: the current one and the next. */
        private static final int WINDOWS_AHEAD = 2;

        private final Channel client;
        private final long clientRequestId;
        private final ObjectMeta meta;
        private final FirstDGather gather;
        private final int shard;
        /** Bytes per window; 0: the rest of the shard in one request (a connection without pacing). */
        private final long window;

        private final ShardKey shardKey;
        private final long length;
        private int attemptsLeft = GET_ATTEMPTS;
        private int generation;
        /** Bytes of the shard passed to the gather, in order. */
        private long received;
        /** Where the next window to ask for starts. */
        private long requested;

        private boolean askedAny;
        private int outstanding;
        private boolean awaitingCredit;
        private boolean announced;
        private boolean done;

        ShardFetch(Channel client, long clientRequestId, ObjectMeta meta, FirstDGather gather, int shard, long window) {
            this.client = client;
            this.clientRequestId = clientRequestId;
            this.meta = meta;
            this.gather = gather;
            this.shard = shard;
            this.window = window;
            this.shardKey = shardKey(meta.key(), meta.version(), shard);
            this.length = meta.shardLength();
        }

        /** Asks for the next window if one is due, once the client has credit for it. */
        void next() {
            long from;
            long n;
            int gen;
            // Read before taking this fetch's lock: the gather's lock is taken first elsewhere (a
            // forwarded segment's write can grant credit and run a fetch inline), never after it.
            boolean finished = gather.finished();
            synchronized (this) {
                if (done
                        || finished
                        || awaitingCredit
                        || outstanding >= WINDOWS_AHEAD
                        || (askedAny && requested >= length)) {
                    return;
                }
                from = requested;
                n = window == 0 ? length - from : Math.min(window, length - from);
                requested += n;
                askedAny = true;
                outstanding++;
                awaitingCredit = true;
                gen = generation;
            }
            ClientAdmission.reserve(client, clientRequestId, n, () -> {
                synchronized (this) {
                    awaitingCredit = false;
                }
                if (!client.isActive()) {
                    stop();
                    gather.missing(shard, "the client's connection closed", false);
                    return;
                }
                if (stale(gen)) {
                    // A restart moved on while this window waited for credit: ask from where it resumes.
                    next();
                    return;
                }
                send(gen, from, n);
            });
        }

        private void send(int gen, long from, long n) {
            int node = meta.placement()[shard];
            pool.serving(node).whenComplete((link, error) -> {
                if (error != null) {
                    failed(gen, true, "node " + pool.name(node) + " unavailable: " + error.getMessage());
                    return;
                }
                if (gather.finished() || stale(gen)) {
                    return;
                }
                link.request(
                        rid -> from == 0 && n == length && window == 0
                                ? new ShardGet(rid, shardKey)
                                : new ShardGet(rid, shardKey, from, n),
                        new WindowListener(gen, link, from, n));
            });
        }

        private synchronized boolean stale(int gen) {
            return done || gen != generation;
        }

        private synchronized void stop() {
            done = true;
            generation++;
        }

        /**
         * The node was returning and the window never left: not a failed attempt, since the node
         * serves again once invoked; ask again from the first byte not received.
         */
        private void notSent(int gen) {
            boolean finished = gather.finished();
            synchronized (this) {
                if (done || gen != generation || finished) {
                    return;
                }
                generation++;
                outstanding = 0;
                requested = received;
                askedAny = received > 0;
            }
            next();
        }

        /** A window failed before its end: start over from the first byte not received, or give up. */
        private void failed(int gen, boolean mayRetry, String reason) {
            boolean retry;
            boolean finished = gather.finished();
            synchronized (this) {
                if (done || gen != generation) {
                    return;
                }
                retry = mayRetry && attemptsLeft > 1 && !finished;
                generation++;
                if (retry) {
                    attemptsLeft--;
                    outstanding = 0;
                    requested = received;
                    askedAny = received > 0;
                } else {
                    done = true;
                }
            }
            if (retry) {
                counters.getRetries.incrementAndGet();
                next();
            } else {
                gather.missing(shard, reason, false);
            }
        }

        /** The replies to one window's SHARD_GET. */
        private final class WindowListener implements NodeChannel.ReplyListener {
            private final int gen;
            private final NodeChannel link;
            private final long from;
            private final long n;
            private long got;

            WindowListener(int gen, NodeChannel link, long from, long n) {
                this.gen = gen;
                this.link = link;
                this.from = from;
                this.n = n;
            }

            @Override
            public void reply(Message message) {
                if (stale(gen)) {
                    io.netty.util.ReferenceCountUtil.release(message);
                    return;
                }
                if (message instanceof ShardData data) {
                    boolean first;
                    synchronized (ShardFetch.this) {
                        first = !announced;
                        announced = true;
                    }
                    if (data.totalLength() != length) {
                        stop();
                    }
                    if (first) {
                        // Marks the shard missing when the node declares another length.
                        gather.started(shard, data.totalLength());
                    } else if (data.totalLength() != length) {
                        gather.missing(
                                shard,
                                "node " + link.nodeId() + " declared " + data.totalLength() + " bytes, expected "
                                        + length,
                                true);
                    }
                    // The next window is asked while this one arrives: the node never idles between them.
                    next();
                } else if (message instanceof Segment segment) {
                    int size = segment.payload().readableBytes();
                    got += size;
                    boolean windowEnd = segment.end();
                    // A window cut short or overrun ends the shard here: the gather's length check fails it.
                    boolean last = windowEnd && (got != n || from + n == length);
                    synchronized (ShardFetch.this) {
                        received += size;
                        if (windowEnd) {
                            outstanding--;
                        }
                        if (last) {
                            done = true;
                        }
                    }
                    gather.segment(shard, segment.payload(), last);
                    if (windowEnd && !last) {
                        next();
                    }
                } else if (message instanceof ErrorMessage error) {
                    stop();
                    boolean lost = error.code() == ErrorCode.NOT_FOUND || error.code() == ErrorCode.CHECKSUM;
                    gather.missing(shard, "node " + link.nodeId() + ": " + error.code() + " " + error.message(), lost);
                } else {
                    stop();
                    io.netty.util.ReferenceCountUtil.release(message);
                    gather.missing(shard, "node " + link.nodeId() + " answered " + message.type(), false);
                }
            }

            @Override
            public void failed(String reason) {
                ShardFetch.this.failed(gen, !link.isServing(), reason);
            }

            @Override
            public void notSent(String reason) {
                ShardFetch.this.notSent(gen);
            }
        }
    }

    // ---- inline commit -------------------------------------------------------------------------

    /** How {@link #commitInline} ended. */
    enum InlineOutcome {
        COMMITTED,
        /** The expected version did not hold. */
        CONFLICT,
        /** The write lease ended before the commit. */
        LEASE_LOST,
        /** Pinned values leave the tier no room for it. */
        NO_ROOM,
        /** Larger than the whole tier: it has to be erasure-coded. */
        TOO_LARGE
    }

    /**
     * The outcome of an inline commit.
     *
     * @param version the committed version (positive) when committed
     * @param reason why it was refused, for an ERROR answer or an exception
     */
    record InlineCommit(InlineOutcome outcome, long version, String reason) {}

    /**
     * Stores a small value in the tier and commits it to the index: the one write of a small
     * value, whether its bytes arrived on a connection ({@link InlinePut}) or from a caller in this
     * JVM ({@link DirectStore}). Callable from any thread: the tier, the index, the leases, the
     * read leases and the copies' queue are each thread-safe.
     *
     * <p>Takes ownership of {@code value} (the tier keeps the array and never writes it). A pinned
     * value's bytes must already be reserved in the pinned ledger: once committed, the version owns
     * them; otherwise the caller gives them back. A leased commit that reaches the index ends the
     * lease (committed or not); a refusal before that leaves the lease to the caller.
     *
     * @param leaseId the write lease the commit needs, or {@link ExpectedVersion#NO_LEASE}
     */
    InlineCommit commitInline(
            ObjectKey key,
            byte[] value,
            long valueChecksum,
            long expectedVersion,
            long expiresAtMillis,
            boolean pinned,
            long leaseId) {
        long v = storage.index.nextVersion();
        List<SmallValueTier.Evicted> evicted = storage.smallValues.put(key, v, value, pinned);
        for (SmallValueTier.Evicted e : evicted) {
            if (e.key().equals(key) && e.version() == v) {
                return refusedForRoom(value.length);
            }
            ObjectMeta gone = storage.index.removeVersion(e.key(), e.version());
            if (gone != null) {
                storage.reclaim(gone);
            }
        }
        ObjectMeta meta = new ObjectMeta(
                key,
                v,
                value.length,
                expiresAtMillis,
                1,
                0,
                value.length,
                valueChecksum,
                new int[0],
                true,
                new int[0],
                System.currentTimeMillis(),
                pinned);
        MetadataIndex.CommitOutcome outcome = leaseId == ExpectedVersion.NO_LEASE
                ? storage.index.commit(meta, expectedVersion)
                : leases.commitUnder(key, leaseId, () -> storage.index.commit(meta, expectedVersion));
        if (outcome == null) {
            storage.smallValues.remove(key, v);
            return new InlineCommit(InlineOutcome.LEASE_LOST, 0, ClientSession.leaseLost(leaseId));
        }
        if (!outcome.committed()) {
            storage.smallValues.remove(key, v);
            return new InlineCommit(InlineOutcome.CONFLICT, 0, "the expected version did not hold");
        }
        if (outcome.replaced() != null) {
            storage.reclaim(outcome.replaced());
        }
        if (!outcome.superseded()) {
            // Queued before the answer, so a client that saw its put committed also sees it pending.
            copies.writeThrough(meta, value);
        }
        return new InlineCommit(InlineOutcome.COMMITTED, v, "");
    }

    /**
     * Why a value of {@code length} bytes cannot be kept whole here (it must travel erasure-coded),
     * or null when it can: the one check of an inline put, on a connection or from this JVM.
     */
    @Nullable
    String tooLargeToKeepWhole(long length) {
        if (length > settings.smallValueThresholdBytes()) {
            return "inline value of " + length + " bytes exceeds the proxy's small-value-threshold-bytes "
                    + settings.smallValueThresholdBytes() + " (send it erasure-coded)";
        }
        if (length > storage.smallValues.capacityBytes()) {
            return "inline value of " + length + " bytes exceeds the small-value tier's capacity "
                    + storage.smallValues.capacityBytes() + " (send it erasure-coded)";
        }
        return null;
    }

    /** The tier evicted the value itself: it is larger than the tier, or pinned values fill it. */
    private InlineCommit refusedForRoom(int bytes) {
        SmallValueTier tier = storage.smallValues;
        if (bytes > tier.capacityBytes()) {
            return new InlineCommit(
                    InlineOutcome.TOO_LARGE,
                    0,
                    "value of " + bytes + " bytes exceeds the small-value tier's capacity " + tier.capacityBytes());
        }
        return new InlineCommit(
                InlineOutcome.NO_ROOM,
                0,
                "value of " + bytes + " bytes does not fit the small-value tier: " + tier.pinnedBytes() + " of its "
                        + tier.capacityBytes() + " bytes are pinned values, which are never evicted");
    }

    /** Why a pinned value of {@code bytes} was refused by pinned-max-bytes. */
    String pinnedRefusal(long bytes) {
        return "pinned value of " + bytes + " bytes does not fit: pinned values hold " + storage.pinned.usedBytes()
                + " of pinned-max-bytes " + storage.pinned.maxBytes()
                + " (raise the proxy's --pinned-max-bytes, or pin fewer or smaller values)";
    }

    // ---- delete, touch, keys, clear -------------------------------------------------------------

    boolean delete(String space, byte[] key, long expectedVersion) {
        ObjectMeta removed = storage.index.remove(ObjectKey.of(space, key), expectedVersion);
        if (removed == null) {
            return false;
        }
        storage.reclaim(removed);
        return true;
    }

    /**
     * A delete that commits under a write lease and ends it.
     *
     * @return whether a value was removed, or null when the lease no longer holds (nothing done)
     */
    @Nullable
    Boolean deleteUnderLease(String space, byte[] key, long expectedVersion, long leaseId) {
        ObjectKey objectKey = ObjectKey.of(space, key);
        ObjectMeta[] removed = new ObjectMeta[1];
        Boolean held = leases.commitUnder(objectKey, leaseId, () -> {
            removed[0] = storage.index.remove(objectKey, expectedVersion);
            return Boolean.TRUE;
        });
        if (held == null) {
            return null;
        }
        if (removed[0] != null) {
            storage.reclaim(removed[0]);
        }
        return removed[0] != null;
    }

    boolean touch(String space, byte[] key, long expectedVersion, long expiresAtMillis) {
        return storage.index.touch(ObjectKey.of(space, key), expectedVersion, expiresAtMillis);
    }

    List<Bytes> keys(String space) {
        List<Bytes> keys = new ArrayList<>();
        for (ObjectMeta meta : storage.index.entriesOf(space)) {
            keys.add(Bytes.copyOf(meta.key().key()));
        }
        return keys;
    }

    void clear(String space) {
        for (ObjectMeta meta : storage.index.entriesOf(space)) {
            storage.drop(meta);
        }
    }
}
