package io.mayfly.protocol.codec;

import io.mayfly.protocol.message.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A frame whose header was validated and whose whole body arrived: the output of
 * {@link FrameDecoder}, the input of {@link MessageDecoder}. Owns one reference to {@code body}
 * (a retained slice of the received bytes); the receiver releases it.
 */
public record Frame(MessageType type, int flags, long requestId, ByteBuf body) implements ReferenceCounted {

    @Override
    public int refCnt() {
        return body.refCnt();
    }

    @Override
    public Frame retain() {
        body.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        body.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        body.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return body.release();
    }

    @Override
    public boolean release(int decrement) {
        return body.release(decrement);
    }
}
