package io.mayfly.protocol;

/**
 * A frame or message body violates the wire format. Carries the {@link ErrorCode} to report
 * to the peer (MALFORMED, TOO_LARGE, UNSUPPORTED_VERSION or UNKNOWN_TYPE).
 */
public class MalformedMessageException extends RuntimeException {

    private final ErrorCode code;

    public MalformedMessageException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
