package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.billing.BillingMeter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One invocation on its way through an instance. Its result future completes exactly once: with
 * the function's output, its error, or the service's verdict (timeout, instance lost).
 */
public final class Invocation {
    private final String requestId;
    private final byte[] payload;
    private final @Nullable String clientContext;
    private final String traceId;
    private final boolean asynchronous;
    private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    // Written under the owning pool's lock.
    long deliveredNanos;
    long deadlineEpochMs;
    BillingMeter.@Nullable RunningInvocation billing;

    /**
     * @param clientContext the decoded client context (JSON) or null
     * @param asynchronous  an Event invocation (queued past the concurrency limit, not refused)
     */
    public Invocation(
            String requestId, byte[] payload, @Nullable String clientContext, String traceId, boolean asynchronous) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.clientContext = clientContext;
        this.traceId = Objects.requireNonNull(traceId, "traceId");
        this.asynchronous = asynchronous;
    }

    public String requestId() {
        return requestId;
    }

    public byte[] payload() {
        return payload;
    }

    public @Nullable String clientContext() {
        return clientContext;
    }

    public String traceId() {
        return traceId;
    }

    public boolean asynchronous() {
        return asynchronous;
    }

    public CompletableFuture<InvocationResult> result() {
        return result;
    }

    /** Epoch ms by which the function must finish; set when the invocation reaches an instance. */
    public long deadlineEpochMs() {
        return deadlineEpochMs;
    }
}
