package io.mayfly.protocol.message;

import io.mayfly.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** ERROR: a request failed (or a frame was rejected, then with request id of the bad frame or 0). */
public record ErrorMessage(long requestId, ErrorCode code, String message) implements Message {

    public ErrorMessage {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeShort(code.code());
        BodyFields.writeString(out, message);
    }

    static ErrorMessage read(long requestId, int flags, ByteBuf body) {
        return new ErrorMessage(requestId, ErrorCode.of(body.readUnsignedShort()), BodyFields.readString(body));
    }
}
