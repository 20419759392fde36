package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * Proxy -> node: HELLO accepted.
 *
 * @param segmentCapBytes the SEGMENT payload cap the proxy sends and accepts on this connection
 */
public record HelloOk(long requestId, int segmentCapBytes) implements Message {

    public HelloOk {
        if (segmentCapBytes < 1) {
            throw new IllegalArgumentException("segmentCapBytes must be >= 1, was " + segmentCapBytes);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO_OK;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeInt(segmentCapBytes);
    }

    static HelloOk read(long requestId, int flags, ByteBuf body) {
        return new HelloOk(requestId, body.readInt());
    }
}
