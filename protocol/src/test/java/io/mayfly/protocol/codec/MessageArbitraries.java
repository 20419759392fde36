package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.message.*;
import io.netty.buffer.Unpooled;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Arbitrary messages of every type, for round-trip and fuzz properties. */
final class MessageArbitraries {

    /** Small limits keep properties fast while still crossing segment boundaries often. */
    static final WireLimits LIMITS = new WireLimits(4096, 1024);

    private MessageArbitraries() {}

    static Arbitrary<Long> ids() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    static Arbitrary<String> strings() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('/', '-', ' ', '\u00e9', '\u4e2d', '\u0000', '"')
                .ofMaxLength(40);
    }

    static Arbitrary<Bytes> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(Bytes::copyOf);
    }

    static Arbitrary<Bytes> fixedBytes(int size) {
        return Arbitraries.bytes().array(byte[].class).ofSize(size).map(Bytes::copyOf);
    }

    static Arbitrary<ShardKey> shardKeys() {
        return Combinators.combine(
                        strings(),
                        bytes(),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 0xFFFF))
                .as(ShardKey::new);
    }

    static Arbitrary<ValueLayout> layouts() {
        Arbitrary<ValueLayout> coded = Combinators.combine(
                        Arbitraries.integers().between(1, 20),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.longs(),
                        Arbitraries.randoms())
                .as((k, r, length, shardLength, checksum, random) -> new ValueLayout(
                        length,
                        k,
                        r,
                        shardLength,
                        checksum,
                        random.ints(k + r).boxed().toList(),
                        false));
        Arbitrary<ValueLayout> inline = Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs())
                .as(ValueLayout::inline);
        return Arbitraries.oneOf(coded, inline);
    }

    static Arbitrary<Long> expectedVersions() {
        return Arbitraries.oneOf(Arbitraries.of(-1L, 0L), Arbitraries.longs().greaterOrEqual(1));
    }

    static Arbitrary<Long> nonNegative() {
        return Arbitraries.longs().greaterOrEqual(0);
    }

    /** One generator per message type; every type must be present. */
    static Map<MessageType, Arbitrary<? extends Message>> byType() {
        Map<MessageType, Arbitrary<? extends Message>> m = new EnumMap<>(MessageType.class);
        Arbitrary<Long> id = ids();
        m.put(
                MessageType.HELLO,
                Combinators.combine(
                                id,
                                Arbitraries.of(Handshake.Role.CLIENT, Handshake.Role.NODE),
                                strings(),
                                strings(),
                                fixedBytes(Handshake.NONCE_BYTES),
                                strings(),
                                nonNegative(),
                                Arbitraries.longs())
                        .as((i, role, peer, keyId, nonce, instance, stored, digest) ->
                                new Hello(i, role, peer, keyId, nonce, instance, stored, stored / 2, digest)));
        m.put(
                MessageType.HELLO_OK,
                Combinators.combine(
                                id,
                                Arbitraries.integers().greaterOrEqual(1),
                                fixedBytes(Handshake.NONCE_BYTES),
                                Arbitraries.oneOf(Arbitraries.just(Bytes.EMPTY), fixedBytes(Handshake.PROOF_BYTES)))
                        .as(HelloOk::new));
        m.put(
                MessageType.AUTH,
                Combinators.combine(id, fixedBytes(Handshake.PROOF_BYTES)).as(Auth::new));
        m.put(
                MessageType.ERROR,
                Combinators.combine(id, Arbitraries.of(ErrorCode.class).filter(c -> c != ErrorCode.UNKNOWN), strings())
                        .as(ErrorMessage::new));
        m.put(MessageType.OK, id.map(Ok::new));
        m.put(MessageType.PING, id.map(Ping::new));
        m.put(MessageType.PONG, id.map(Pong::new));
        m.put(MessageType.BYE, id.map(Bye::new));
        m.put(
                MessageType.SEGMENT,
                Combinators.combine(
                                id,
                                Arbitraries.integers().between(0, 0xFFFF),
                                Arbitraries.of(true, false),
                                Arbitraries.bytes().array(byte[].class).ofMaxSize(LIMITS.segmentCapBytes()))
                        .as((r, s, e, p) -> new Segment(r, s, e, Unpooled.wrappedBuffer(p))));
        m.put(
                MessageType.SHARD_PUT,
                Combinators.combine(id, shardKeys(), nonNegative(), Arbitraries.integers(), bytes())
                        .as(ShardPut::new));
        m.put(MessageType.SHARD_GET, Combinators.combine(id, shardKeys()).as(ShardGet::new));
        m.put(
                MessageType.SHARD_DATA,
                Combinators.combine(id, nonNegative(), Arbitraries.integers()).as(ShardData::new));
        m.put(MessageType.SHARD_DELETE, Combinators.combine(id, shardKeys()).as(ShardDelete::new));
        m.put(
                MessageType.INVENTORY,
                Combinators.combine(
                                id,
                                Arbitraries.of(true, false),
                                Combinators.combine(shardKeys(), Arbitraries.integers(), bytes())
                                        .as(Inventory.Entry::new)
                                        .list()
                                        .ofMaxSize(8))
                        .as(Inventory::new));
        m.put(MessageType.LIST_SHARDS, id.map(ListShards::new));
        m.put(
                MessageType.OBJECT_GET,
                Combinators.combine(id, strings(), bytes(), Arbitraries.of(true, false))
                        .as(ObjectGet::new));
        m.put(
                MessageType.OBJECT_META,
                Combinators.combine(id, Arbitraries.longs(), Arbitraries.longs(), layouts())
                        .as(ObjectMeta::new));
        m.put(
                MessageType.OBJECT_PUT,
                Combinators.combine(
                                id,
                                strings(),
                                bytes(),
                                expectedVersions(),
                                Arbitraries.longs(),
                                layouts(),
                                Arbitraries.of(true, false))
                        .as(ObjectPut::new));
        m.put(MessageType.COMMITTED, Combinators.combine(id, nonNegative()).as(Committed::new));
        m.put(MessageType.NOT_FOUND, id.map(NotFound::new));
        m.put(MessageType.CONFLICT, Combinators.combine(id, nonNegative()).as(Conflict::new));
        m.put(
                MessageType.OBJECT_DELETE,
                Combinators.combine(id, strings(), bytes(), expectedVersions(), Arbitraries.longs())
                        .as(ObjectDelete::new));
        m.put(
                MessageType.OBJECT_TOUCH,
                Combinators.combine(id, strings(), bytes(), expectedVersions(), Arbitraries.longs())
                        .as(ObjectTouch::new));
        m.put(
                MessageType.DONE,
                Combinators.combine(id, Arbitraries.of(true, false)).as(Done::new));
        m.put(MessageType.LIST_KEYS, Combinators.combine(id, strings()).as(ListKeys::new));
        m.put(MessageType.KEY_LIST, Combinators.combine(id, nonNegative()).as(KeyList::new));
        m.put(MessageType.CLEAR_SPACE, Combinators.combine(id, strings()).as(ClearSpace::new));
        m.put(MessageType.DROP_SPACE, Combinators.combine(id, strings()).as(DropSpace::new));
        m.put(
                MessageType.WRITE_LEASE,
                Combinators.combine(
                                id, strings(), bytes(), Arbitraries.longs().between(1, Long.MAX_VALUE), nonNegative())
                        .as(WriteLease::new));
        m.put(
                MessageType.LEASE_GRANTED,
                Combinators.combine(id, Arbitraries.longs().filter(l -> l != 0)).as(LeaseGranted::new));
        m.put(
                MessageType.LEASE_RELEASE,
                Combinators.combine(id, strings(), bytes(), Arbitraries.longs()).as(LeaseRelease::new));
        return m;
    }

    /** A message of any type, each type equally likely. */
    @SuppressWarnings("unchecked")
    static Arbitrary<Message> messages() {
        Map<MessageType, Arbitrary<? extends Message>> byType = byType();
        return Arbitraries.of(MessageType.values()).flatMap(t -> (Arbitrary<Message>) byType.get(t));
    }

    static List<MessageType> allTypes() {
        return List.of(MessageType.values());
    }
}
