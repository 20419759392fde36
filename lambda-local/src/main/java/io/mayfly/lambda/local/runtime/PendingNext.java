package io.mayfly.lambda.local.runtime;

import org.jspecify.annotations.Nullable;

/** A parked {@code GET /runtime/invocation/next}: answering it hands the runtime an invocation. */
public interface PendingNext {
    /**
     * @param clientContext the Invoke API's base64 client context, or null
     * @return false when the runtime's connection is gone and the invocation was not handed over
     */
    boolean deliver(
            String requestId,
            long deadlineEpochMs,
            String invokedFunctionArn,
            String traceId,
            @Nullable String clientContext,
            byte[] payload);
}
