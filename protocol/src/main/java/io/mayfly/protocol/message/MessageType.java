package io.mayfly.protocol.message;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The message-type registry: the u8 type number of every message on the wire and the reader
 * that parses its body. Numbers are part of the wire contract: never renumber.
 *
 * <p>Ranges: 0x01-0x0F shared control, 0x10-0x1F node storage, 0x20-0x2F node inventory and
 * backup (INVENTORY, LIST_SHARDS; {@link #RESERVED_BACKUP_FIRST}..{@link #RESERVED_BACKUP_LAST}
 * stay free: the backup relay moves shards with SHARD_GET/SHARD_PUT/SHARD_DELETE), 0x40-0x5F
 * client requests and answers. A type number not listed here is rejected as UNKNOWN_TYPE.
 */
public enum MessageType {
    HELLO(0x01, Hello::read),
    HELLO_OK(0x02, HelloOk::read),
    ERROR(0x03, ErrorMessage::read),
    OK(0x04, Ok::read),
    PING(0x05, Ping::read),
    PONG(0x06, Pong::read),
    BYE(0x07, Bye::read),
    SEGMENT(0x08, Segment::read),
    AUTH(0x09, Auth::read),

    SHARD_PUT(0x10, ShardPut::read),
    SHARD_GET(0x11, ShardGet::read),
    SHARD_DATA(0x12, ShardData::read),
    SHARD_DELETE(0x13, ShardDelete::read),

    INVENTORY(0x20, Inventory::read),
    LIST_SHARDS(0x21, ListShards::read),

    OBJECT_GET(0x40, ObjectGet::read),
    OBJECT_META(0x41, ObjectMeta::read),
    OBJECT_PUT(0x42, ObjectPut::read),
    COMMITTED(0x43, Committed::read),
    NOT_FOUND(0x44, NotFound::read),
    CONFLICT(0x45, Conflict::read),
    OBJECT_DELETE(0x46, ObjectDelete::read),
    OBJECT_TOUCH(0x47, ObjectTouch::read),
    DONE(0x48, Done::read),
    LIST_KEYS(0x49, ListKeys::read),
    KEY_LIST(0x4A, KeyList::read),
    CLEAR_SPACE(0x4B, ClearSpace::read),
    DROP_SPACE(0x4C, DropSpace::read),
    WRITE_LEASE(0x58, WriteLease::read),
    LEASE_GRANTED(0x59, LeaseGranted::read),
    LEASE_RELEASE(0x5A, LeaseRelease::read);

    /** First type number still reserved for backup messages. */
    public static final int RESERVED_BACKUP_FIRST = 0x22;
    /** Last type number reserved for BACKUP_* relay messages. */
    public static final int RESERVED_BACKUP_LAST = 0x2F;

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            if (BY_CODE[t.code] != null) {
                throw new ExceptionInInitializerError("duplicate message type number " + t.code);
            }
            BY_CODE[t.code] = t;
        }
    }

    /** Parses a message body; the body buffer is only borrowed (readers slice and retain what they keep). */
    @FunctionalInterface
    interface BodyReader {
        Message read(long requestId, int flags, ByteBuf body);
    }

    private final int code;
    private final BodyReader reader;

    MessageType(int code, BodyReader reader) {
        this.code = code;
        this.reader = reader;
    }

    /** The u8 value on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire value, or null when this build does not know it (incl. reserved numbers). */
    public static @Nullable MessageType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * Parses the body of a frame of this type. The whole body must be consumed; the caller keeps
     * ownership of {@code body} (a SEGMENT keeps a retained slice of it).
     *
     * @throws MalformedMessageException when the body is truncated, has trailing bytes or
     *                                   carries invalid field values
     */
    public Message read(long requestId, int flags, ByteBuf body) {
        Message m;
        try {
            m = reader.read(requestId, flags, body);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MalformedMessageException(
                    ErrorCode.MALFORMED, name() + " body of request " + requestId + " is malformed: " + e.getMessage());
        }
        if (body.isReadable()) {
            int trailing = body.readableBytes();
            io.netty.util.ReferenceCountUtil.release(m);
            throw new MalformedMessageException(
                    ErrorCode.MALFORMED,
                    name() + " body of request " + requestId + " has " + trailing + " trailing bytes");
        }
        return m;
    }
}
