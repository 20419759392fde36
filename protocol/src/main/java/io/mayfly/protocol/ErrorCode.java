package io.mayfly.protocol;

/**
 * Error codes carried by the ERROR message (u16 on the wire). Numbers are part of the wire
 * contract: append new codes, never renumber.
 */
public enum ErrorCode {
    /** A code this build does not know (sent by a newer peer); never sent by this build. */
    UNKNOWN(0),
    /** HELLO carried a wrong node id / token pair. */
    AUTH_FAILED(1),
    /** The shard or object does not exist. */
    NOT_FOUND(2),
    /** Storing the shard would exceed the node's memory bound. */
    NO_ROOM(3),
    /** Received bytes do not match the declared CRC32C. */
    CHECKSUM(4),
    /** A frame or message body could not be parsed, or arrived out of sequence. */
    MALFORMED(5),
    /** A declared length exceeds the configured limit. */
    TOO_LARGE(6),
    /** A compare-and-set precondition (expected version) did not hold. */
    CONFLICT(7),
    /** Not enough nodes or shards are reachable to serve the request now. */
    UNAVAILABLE(8),
    /** A bug or unexpected failure on the answering side. */
    INTERNAL(9),
    /** The frame's protocol version is not {@link WireFormat#VERSION}. */
    UNSUPPORTED_VERSION(10),
    /** The frame's message type is not known to this build. */
    UNKNOWN_TYPE(11),
    /** The answering side gave up waiting (invocation, shard, or peer). */
    TIMEOUT(12),
    /** A node asked to return (BYE) while requests to it are in flight: it stays and serves them. */
    BUSY(13);

    private static final ErrorCode[] BY_CODE = new ErrorCode[14];

    static {
        for (ErrorCode c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The u16 value on the wire. */
    public int code() {
        return code;
    }

    /** The error code for a wire value; codes this build does not know map to {@link #UNKNOWN}. */
    public static ErrorCode of(int code) {
        if (code >= 0 && code < BY_CODE.length && BY_CODE[code] != null) {
            return BY_CODE[code];
        }
        return UNKNOWN;
    }
}
