package io.mayfly.protocol.message;

import io.mayfly.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * ERROR: a request failed (or a frame was rejected, then with the request id of the bad frame,
 * or 0 when its header was unreadable). The message is for humans and is cut to
 * {@link #MAX_MESSAGE_CHARS} so an error can always be sent.
 */
public record ErrorMessage(long requestId, ErrorCode code, String message) implements Message {

    public static final int MAX_MESSAGE_CHARS = 2000;

    public ErrorMessage {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
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
