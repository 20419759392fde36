package io.mayfly.protocol.message;

import io.mayfly.protocol.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Proxy -> node: send this shard, or {@code length} bytes of it from {@code offset} (sent with
 * {@link WireFormat#FLAG_RANGE}). Answered by SHARD_DATA (the whole shard's length and CRC32C)
 * plus SEGMENTs of the bytes asked for, or ERROR NOT_FOUND. A range lets the proxy pull a shard
 * only as fast as the client it is for reads it.
 *
 * @param length bytes wanted from {@code offset} (cut at the shard's end), or {@link #WHOLE}
 */
public record ShardGet(long requestId, ShardKey key, long offset, long length) implements Message {

    /** The length of a request for the whole shard (sent without a range). */
    public static final long WHOLE = -1;

    /** Largest range one request may ask for. */
    public static final long MAX_RANGE_BYTES = 0xFFFF_FFFFL;

    public ShardGet {
        Objects.requireNonNull(key, "key");
        if (length == WHOLE) {
            if (offset != 0) {
                throw new IllegalArgumentException("a whole-shard get has offset 0, not " + offset);
            }
        } else {
            BodyFields.requireNonNegative(offset, "offset");
            if (length < 0 || length > MAX_RANGE_BYTES) {
                throw new IllegalArgumentException("range length " + length + " outside 0.." + MAX_RANGE_BYTES);
            }
        }
    }

    /** The whole shard. */
    public ShardGet(long requestId, ShardKey key) {
        this(requestId, key, 0, WHOLE);
    }

    public boolean ranged() {
        return length != WHOLE;
    }

    @Override
    public MessageType type() {
        return MessageType.SHARD_GET;
    }

    @Override
    public int flags() {
        return ranged() ? WireFormat.FLAG_RANGE : 0;
    }

    @Override
    public void writeBody(ByteBuf out) {
        key.write(out);
        if (ranged()) {
            out.writeLong(offset);
            out.writeInt((int) length);
        }
    }

    static ShardGet read(long requestId, int flags, ByteBuf body) {
        ShardKey key = ShardKey.read(body);
        if ((flags & WireFormat.FLAG_RANGE) == 0) {
            return new ShardGet(requestId, key);
        }
        return new ShardGet(requestId, key, body.readLong(), body.readUnsignedInt());
    }
}
