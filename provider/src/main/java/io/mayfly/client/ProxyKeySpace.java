package io.mayfly.client;

import io.mayfly.erasure.ReedSolomon;
import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ClearSpace;
import io.mayfly.protocol.message.Committed;
import io.mayfly.protocol.message.Conflict;
import io.mayfly.protocol.message.Done;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.KeyList;
import io.mayfly.protocol.message.LeaseGranted;
import io.mayfly.protocol.message.LeaseRelease;
import io.mayfly.protocol.message.ListKeys;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectDelete;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.ObjectTouch;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.protocol.message.WriteLease;
import io.mayfly.protocol.segment.KeyListFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A key space whose values are erasure-coded here, in the client, and kept by a proxy: k data
 * shards + r parity shards with a CRC32C each and a checksum of the whole value; values below the
 * small-value threshold travel whole. Every call waits at most the operation timeout.
 */
final class ProxyKeySpace implements KeySpace {

    private final String name;
    private final CodingSettings coding;
    private final ProxyObjectStore store;
    private final ReedSolomon codec;

    ProxyKeySpace(String name, CodingSettings coding, ProxyObjectStore store) {
        this.name = name;
        this.coding = coding;
        this.store = store;
        this.codec = store.codecs().of(coding.dataShards(), coding.parityShards());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long callBoundMs() {
        return store.callsBounded() ? store.operationTimeoutMs() : -1;
    }

    CodingSettings coding() {
        return coding;
    }

    @Override
    public StoredValue get(byte[] key) {
        return read(key, true);
    }

    @Override
    public StoredValue head(byte[] key) {
        return read(key, false);
    }

    private StoredValue read(byte[] key, boolean wantValue) {
        ValueReader reader = new ValueReader(wantValue, coding.maxValueSizeBytes(), store.codecs());
        Bytes k = Bytes.copyOf(key);
        return call(key, rid -> new ObjectGet(rid, name, k, wantValue), reader, reader.result(), null, "get");
    }

    @Override
    public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
        coding.checkPut(value.length, expectedVersion);
        int cap = store.segmentCapBytes();
        Bytes k = Bytes.copyOf(key);
        ValueLayout layout;
        byte[][] streams;
        if (coding.travelsWhole(value.length)) {
            layout = ValueLayout.inline(value.length, Crc32c.valueChecksum(value));
            streams = new byte[][] {value};
        } else {
            streams = codec.encode(value);
            layout = erasureLayout(value, streams);
        }
        // A node that refuses a shard for want of room makes the proxy evict from it and fail the
        // put when the shard's bytes are gone: sent once more, it finds the room made.
        boolean retryNoRoom = !layout.inline();
        while (true) {
            boolean retry = retryNoRoom;
            boolean inline = layout.inline();
            SingleAnswer<Long> answer = new SingleAnswer<>(m -> {
                if (m instanceof Committed c) {
                    return c.version();
                }
                if (m instanceof Conflict) {
                    return CONFLICT;
                }
                if (retry && m instanceof ErrorMessage error && error.code() == ErrorCode.NO_ROOM) {
                    ReferenceCountUtil.release(m);
                    return NO_ROOM;
                }
                if (inline && m instanceof ErrorMessage error && error.code() == ErrorCode.TOO_LARGE) {
                    ReferenceCountUtil.release(m);
                    return NOT_INLINE;
                }
                throw refusal(m, "put");
            });
            ValueLayout sent = layout;
            byte[][] sentStreams = streams;
            long version = call(
                    key,
                    rid -> new ObjectPut(
                            rid, name, k, expectedVersion, expiresAtMillis, sent, coding.pinned(), leaseId),
                    answer,
                    answer.result,
                    (channel, rid) -> writeStreams(channel, rid, sentStreams, cap),
                    "put");
            if (version == NOT_INLINE) {
                // The proxy keeps fewer bytes whole than this client's threshold (its own
                // small-value-threshold-bytes or tier capacity): sent erasure-coded instead.
                streams = codec.encode(value);
                layout = erasureLayout(value, streams);
                retryNoRoom = true;
                continue;
            }
            if (version != NO_ROOM) {
                return version;
            }
            retryNoRoom = false;
        }
    }

    /** The first answer to a put was NO_ROOM (never a version: versions are positive). */
    private static final long NO_ROOM = Long.MIN_VALUE;

    /** The proxy refused an inline put as too large for its small-value tier. */
    private static final long NOT_INLINE = Long.MIN_VALUE + 1;

    private ValueLayout erasureLayout(byte[] value, byte[][] streams) {
        List<Integer> crcs = new ArrayList<>(streams.length);
        for (byte[] shard : streams) {
            crcs.add(Crc32c.of(shard));
        }
        return new ValueLayout(
                value.length,
                coding.dataShards(),
                coding.parityShards(),
                streams[0].length,
                Crc32c.valueChecksum(value),
                crcs,
                false);
    }

    /** Shard segments interleaved round-robin, so every node receives from the start. */
    private static void writeStreams(Channel channel, long requestId, byte[][] streams, int cap) {
        int length = streams[0].length;
        int rounds = length == 0 ? 1 : (length + cap - 1) / cap;
        for (int round = 0; round < rounds; round++) {
            int from = round * cap;
            int n = Math.min(cap, length - from);
            boolean last = round == rounds - 1;
            for (int s = 0; s < streams.length; s++) {
                ByteBuf slice = n == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(streams[s], from, n);
                channel.write(new Segment(requestId, s, last, slice));
            }
        }
    }

    @Override
    public boolean remove(byte[] key, long expectedVersion, long leaseId) {
        Bytes k = Bytes.copyOf(key);
        return done(key, rid -> new ObjectDelete(rid, name, k, expectedVersion, leaseId), "remove");
    }

    @Override
    public long acquireLease(byte[] key, long leaseMs, long waitMs) {
        Bytes k = Bytes.copyOf(key);
        SingleAnswer<Long> answer = new SingleAnswer<>(m -> {
            if (m instanceof LeaseGranted granted) {
                return granted.leaseId();
            }
            throw refusal(m, "write lease");
        });
        return call(
                key, rid -> new WriteLease(rid, name, k, leaseMs, waitMs), answer, answer.result, null, "write lease");
    }

    @Override
    public void releaseLease(byte[] key, long leaseId) {
        Bytes k = Bytes.copyOf(key);
        done(key, rid -> new LeaseRelease(rid, name, k, leaseId), "lease release");
    }

    @Override
    public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
        Bytes k = Bytes.copyOf(key);
        return done(key, rid -> new ObjectTouch(rid, name, k, expectedVersion, expiresAtMillis), "touch");
    }

    @Override
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        for (ProxyConnection proxy : store.proxies()) {
            KeyCollector collector = new KeyCollector();
            long id = proxy.send(rid -> new ListKeys(rid, name), collector, null);
            for (Bytes key : await(proxy, id, collector.result, "keys")) {
                keys.add(key.toByteArray());
            }
        }
        return keys;
    }

    @Override
    public void clear() {
        for (ProxyConnection proxy : store.proxies()) {
            done(proxy, rid -> new ClearSpace(rid, name), "clear");
        }
    }

    /** A keyed call answered by DONE, sent where {@link ProxyObjectStore#routeFor} says. */
    private boolean done(byte[] key, LongFunction<Message> request, String what) {
        SingleAnswer<Boolean> answer = doneAnswer(what);
        return call(key, request, answer, answer.result, null, what);
    }

    private boolean done(ProxyConnection proxy, LongFunction<Message> request, String what) {
        SingleAnswer<Boolean> answer = doneAnswer(what);
        long id = proxy.send(request, answer, null);
        return await(proxy, id, answer.result, what);
    }

    private static SingleAnswer<Boolean> doneAnswer(String what) {
        return new SingleAnswer<>(m -> {
            if (m instanceof Done d) {
                return d.applied();
            }
            throw refusal(m, what);
        });
    }

    /** One call on a key, over the route the store lends for it, given back when the call ends. */
    private <T> T call(
            byte[] key,
            LongFunction<Message> request,
            ProxyConnection.Call answers,
            CompletableFuture<T> result,
            @Nullable BiConsumer<Channel, Long> then,
            String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(store.operationTimeoutMs());
        ProxyRoute route = store.routeFor(name, key, deadline);
        try {
            long id = route.send(request, answers, then);
            return await(route, id, result, what);
        } finally {
            store.release(route);
        }
    }

    <T> T await(ProxyRoute proxy, long id, CompletableFuture<T> result, String what) {
        long timeout = store.operationTimeoutMs();
        try {
            return result.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            proxy.abandon(id);
            throw new StoreUnavailableException(what + " in " + name + " got no answer from proxy " + proxy.name()
                    + " within " + timeout + " ms (mayfly.operation-timeout-ms)");
        } catch (InterruptedException e) {
            proxy.abandon(id);
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(what + " in " + name + " was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreUnavailableException(what + " in " + name + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static StoreUnavailableException refusal(Message m, String what) {
        ReferenceCountUtil.release(m);
        if (m instanceof ErrorMessage error && error.code() == ErrorCode.CONFLICT) {
            return new WriteLeaseLostException("proxy refused the " + what + ": " + error.message());
        }
        if (m instanceof ErrorMessage error) {
            return new StoreUnavailableException("proxy refused the " + what + ": " + error.code() + " "
                    + error.message() + (error.code() == ErrorCode.NO_ROOM ? " (the pool is full)" : ""));
        }
        return new StoreUnavailableException("unexpected answer " + m.type() + " to a " + what);
    }

    /** A call answered by exactly one message. */
    private static final class SingleAnswer<T> implements ProxyConnection.Call {
        interface Reading<T> {
            T read(Message m);
        }

        final CompletableFuture<T> result = new CompletableFuture<>();
        final Reading<T> reading;

        SingleAnswer(Reading<T> reading) {
            this.reading = reading;
        }

        @Override
        public boolean answer(Message message) {
            try {
                result.complete(reading.read(message));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return true;
        }

        @Override
        public void failed(StoreUnavailableException cause) {
            result.completeExceptionally(cause);
        }
    }

    /** KEY_LIST, then the key list as segments of stream 0. */
    private static final class KeyCollector implements ProxyConnection.Call {
        final CompletableFuture<List<Bytes>> result = new CompletableFuture<>();
        long expected = -1;
        ByteBuf collected = Unpooled.buffer();

        @Override
        public boolean answer(Message message) {
            if (message instanceof KeyList list) {
                expected = list.keyCount();
                return false;
            }
            if (message instanceof Segment segment) {
                try {
                    collected.writeBytes(segment.payload());
                    if (!segment.end()) {
                        return false;
                    }
                    result.complete(KeyListFormat.decode(collected, expected));
                } catch (RuntimeException e) {
                    result.completeExceptionally(new StoreUnavailableException("bad key list: " + e.getMessage(), e));
                } finally {
                    segment.release();
                }
                collected.release();
                return true;
            }
            collected.release();
            result.completeExceptionally(refusal(message, "keys"));
            return true;
        }

        @Override
        public void failed(StoreUnavailableException cause) {
            if (collected.refCnt() > 0) {
                collected.release();
            }
            result.completeExceptionally(cause);
        }
    }
}
