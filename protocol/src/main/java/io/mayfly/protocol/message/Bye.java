package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * Leaving. With request id 0 the sender leaves now and expects no answer (the proxy ending a
 * node's invocation; a node at its deadline). A node's BYE with its own request id asks to
 * return: the proxy answers OK once no request to the node is in flight and it sends it no more,
 * or ERROR BUSY, and the node serves on (requests that crossed its BYE included) and asks again.
 */
public record Bye(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.BYE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty body
    }

    static Bye read(long requestId, int flags, ByteBuf body) {
        return new Bye(requestId);
    }
}
