package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.message.*;
import io.mayfly.testing.property.Gen;
import io.netty.buffer.Unpooled;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Generated messages of every type, for round-trip and fuzz properties. */
final class MessageGenerators {

    /** Small limits keep properties fast while still crossing segment boundaries often. */
    static final WireLimits LIMITS = new WireLimits(4096, 1024);

    private static final String STRING_CHARS = "abcdefghijklmnopqrstuvwxyz/- \u00e9\u4e2d\u0000\"";

    private MessageGenerators() {}

    static long id(Gen g) {
        return g.bool() ? g.anyLong() : g.oneOf(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    static String string(Gen g) {
        return g.string(40, STRING_CHARS);
    }

    static Bytes bytes(Gen g) {
        return Bytes.copyOf(g.bytes(200));
    }

    static ShardKey shardKey(Gen g) {
        return new ShardKey(string(g), bytes(g), g.anyLong(), g.between(0, 0xFFFF));
    }

    static ValueLayout layout(Gen g) {
        if (g.bool()) {
            return ValueLayout.inline(g.longAtLeast(0), g.anyLong());
        }
        int k = g.between(1, 20);
        int r = g.between(0, 6);
        long length = g.longAtLeast(0);
        int shardLength = g.intAtLeast(0);
        long checksum = g.anyLong();
        List<Integer> shardChecksums = g.random().ints(k + r).boxed().toList();
        return new ValueLayout(length, k, r, shardLength, checksum, shardChecksums, false);
    }

    static long expectedVersion(Gen g) {
        return g.bool() ? g.oneOf(-1L, 0L) : g.longAtLeast(1);
    }

    static long nonNegative(Gen g) {
        return g.longAtLeast(0);
    }

    /** One generator per message type; every type must be present. */
    static Map<MessageType, Function<Gen, Message>> byType() {
        Map<MessageType, Function<Gen, Message>> m = new EnumMap<>(MessageType.class);
        m.put(MessageType.HELLO, g -> {
            long stored = nonNegative(g);
            return new Hello(
                    id(g),
                    g.oneOf(Handshake.Role.CLIENT, Handshake.Role.NODE),
                    string(g),
                    string(g),
                    Bytes.copyOf(g.bytes(Handshake.NONCE_BYTES, Handshake.NONCE_BYTES)),
                    string(g),
                    stored,
                    stored / 2,
                    g.anyLong());
        });
        m.put(
                MessageType.HELLO_OK,
                g -> new HelloOk(
                        id(g),
                        g.intAtLeast(1),
                        Bytes.copyOf(g.bytes(Handshake.NONCE_BYTES, Handshake.NONCE_BYTES)),
                        g.bool() ? Bytes.EMPTY : Bytes.copyOf(g.bytes(Handshake.PROOF_BYTES, Handshake.PROOF_BYTES))));
        m.put(
                MessageType.AUTH,
                g -> new Auth(id(g), Bytes.copyOf(g.bytes(Handshake.PROOF_BYTES, Handshake.PROOF_BYTES))));
        m.put(MessageType.ERROR, g -> new ErrorMessage(id(g), errorCode(g), string(g)));
        m.put(MessageType.OK, g -> new Ok(id(g)));
        m.put(MessageType.PING, g -> new Ping(id(g)));
        m.put(MessageType.PONG, g -> new Pong(id(g)));
        m.put(MessageType.BYE, g -> new Bye(id(g)));
        m.put(
                MessageType.SEGMENT,
                g -> new Segment(
                        id(g),
                        g.between(0, 0xFFFF),
                        g.bool(),
                        Unpooled.wrappedBuffer(g.bytes(LIMITS.segmentCapBytes()))));
        m.put(MessageType.SHARD_PUT, g -> new ShardPut(id(g), shardKey(g), nonNegative(g), g.anyInt()));
        m.put(
                MessageType.SHARD_GET,
                g -> g.bool()
                        ? new ShardGet(id(g), shardKey(g))
                        : new ShardGet(id(g), shardKey(g), nonNegative(g), g.between(0L, ShardGet.MAX_RANGE_BYTES)));
        m.put(MessageType.SHARD_DATA, g -> new ShardData(id(g), nonNegative(g), g.anyInt()));
        m.put(MessageType.SHARD_DELETE, g -> new ShardDelete(id(g), shardKey(g)));
        m.put(
                MessageType.INVENTORY,
                g -> new Inventory(id(g), g.bool(), g.list(0, 8, x -> new Inventory.Entry(shardKey(x), x.anyInt()))));
        m.put(MessageType.LIST_SHARDS, g -> new ListShards(id(g)));
        m.put(MessageType.OBJECT_GET, g -> new ObjectGet(id(g), string(g), bytes(g), g.bool()));
        m.put(MessageType.OBJECT_META, g -> new ObjectMeta(id(g), g.anyLong(), g.anyLong(), layout(g)));
        m.put(
                MessageType.OBJECT_PUT,
                g -> new ObjectPut(id(g), string(g), bytes(g), expectedVersion(g), g.anyLong(), layout(g), g.bool()));
        m.put(MessageType.COMMITTED, g -> new Committed(id(g), nonNegative(g)));
        m.put(MessageType.NOT_FOUND, g -> new NotFound(id(g)));
        m.put(MessageType.CONFLICT, g -> new Conflict(id(g), nonNegative(g)));
        m.put(
                MessageType.OBJECT_DELETE,
                g -> new ObjectDelete(id(g), string(g), bytes(g), expectedVersion(g), g.anyLong()));
        m.put(
                MessageType.OBJECT_TOUCH,
                g -> new ObjectTouch(id(g), string(g), bytes(g), expectedVersion(g), g.anyLong()));
        m.put(MessageType.DONE, g -> new Done(id(g), g.bool()));
        m.put(MessageType.LIST_KEYS, g -> new ListKeys(id(g), string(g)));
        m.put(MessageType.KEY_LIST, g -> new KeyList(id(g), nonNegative(g)));
        m.put(MessageType.CLEAR_SPACE, g -> new ClearSpace(id(g), string(g)));
        m.put(MessageType.DROP_SPACE, g -> new DropSpace(id(g), string(g)));
        m.put(
                MessageType.WRITE_LEASE,
                g -> new WriteLease(id(g), string(g), bytes(g), g.between(1, Long.MAX_VALUE), nonNegative(g)));
        m.put(MessageType.LEASE_GRANTED, g -> new LeaseGranted(id(g), nonZero(g)));
        m.put(MessageType.LEASE_RELEASE, g -> new LeaseRelease(id(g), string(g), bytes(g), g.anyLong()));
        return m;
    }

    private static long nonZero(Gen g) {
        long v;
        do {
            v = g.anyLong();
        } while (v == 0);
        return v;
    }

    private static ErrorCode errorCode(Gen g) {
        ErrorCode code;
        do {
            code = g.enumValue(ErrorCode.class);
        } while (code == ErrorCode.UNKNOWN);
        return code;
    }

    /** A message of any type, each type equally likely. */
    static Message message(Gen g) {
        return byType().get(g.enumValue(MessageType.class)).apply(g);
    }

    /** Between {@code min} and {@code max} messages of any types. */
    static List<Message> run(Gen g, int min, int max) {
        Map<MessageType, Function<Gen, Message>> byType = byType();
        return g.list(min, max, x -> byType.get(x.enumValue(MessageType.class)).apply(x));
    }

    static List<MessageType> allTypes() {
        return List.of(MessageType.values());
    }
}
