package io.mayfly.lambda.local.runtime;

/**
 * One function instance as the Runtime API sees it. The server calls these from its event loop;
 * implementations must not block.
 */
public interface RuntimeSession {
    /** The runtime asks for its next invocation; answer through {@code next} now or later. */
    void nextRequested(PendingNext next);

    /** The runtime posted the result of invocation {@code requestId}. */
    void responded(String requestId, byte[] body);

    /** The runtime posted a function error for {@code requestId} ({@code errorType} may be null). */
    void failed(String requestId, byte[] body, String errorType);

    /** The runtime could not initialise (handler not found, static initialiser threw, ...). */
    void initFailed(byte[] body, String errorType);
}
