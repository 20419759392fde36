package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * A decoded Mayfly message: one frame of WIRE.md. Every message carries the request id of its
 * frame; replies carry the id of the request they answer.
 *
 * <p>Ownership: messages are immutable values, except {@link Segment}, which holds a
 * {@link ByteBuf} and is {@link io.netty.util.ReferenceCounted}. Whoever receives a Segment
 * (from a decoder or from a segment splitter) releases it or passes it on and says so; writing
 * it to a channel passes it on to the encoder.
 */
public sealed interface Message
        permits Hello,
                HelloOk,
                ErrorMessage,
                Ok,
                Ping,
                Pong,
                Bye,
                Segment,
                ShardPut,
                ShardGet,
                ShardData,
                ShardDelete,
                Inventory,
                ListShards,
                ObjectGet,
                ObjectMeta,
                ObjectPut,
                Committed,
                NotFound,
                Conflict,
                ObjectDelete,
                ObjectTouch,
                Done,
                ListKeys,
                KeyList,
                ClearSpace,
                DropSpace,
                WriteLease,
                LeaseGranted,
                LeaseRelease {

    /** The id chosen by the requester; a reply carries the id of its request. */
    long requestId();

    MessageType type();

    /**
     * Frame flags; only {@link Segment} (END), {@link ObjectPut} (PINNED, LEASED) and
     * {@link ObjectDelete} (LEASED) set any.
     */
    default int flags() {
        return 0;
    }

    /** Writes the body (everything after the header) to {@code out}. */
    void writeBody(ByteBuf out);
}
