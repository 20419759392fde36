package io.mayfly.protocol.invoke;

/** A JSON text is not a flat object this package can read; the message names the position. */
public class MalformedJsonException extends IllegalArgumentException {

    public MalformedJsonException(String message) {
        super(message);
    }
}
