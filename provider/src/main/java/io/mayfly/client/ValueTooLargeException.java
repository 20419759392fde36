package io.mayfly.client;

/** A value exceeds the configured maximum size; nothing was sent. */
public class ValueTooLargeException extends IllegalArgumentException {

    private final long length;
    private final long limit;

    public ValueTooLargeException(long length, long limit) {
        super("value of " + length + " bytes exceeds max-value-size " + limit
                + " bytes (raise mayfly.max-value-size-bytes, or store a smaller value)");
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public long limit() {
        return limit;
    }
}
