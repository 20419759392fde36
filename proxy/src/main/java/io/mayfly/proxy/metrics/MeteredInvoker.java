package io.mayfly.proxy.metrics;

import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.proxy.node.NodeInvoker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * Counts and times every invocation the proxy makes, by command and outcome, and bills it as
 * Lambda would (duration rounded up to the billing window, times the function's memory): on AWS
 * there is no local meter to read, so the proxy keeps its own account.
 */
public final class MeteredInvoker implements NodeInvoker {

    private final NodeInvoker invoker;
    private final ProxyMetrics metrics;
    private final LongSupplier nanoTime;

    public MeteredInvoker(NodeInvoker invoker, ProxyMetrics metrics, LongSupplier nanoTime) {
        this.invoker = invoker;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
        String command = commandOf(payload);
        metrics.invoked(functionName, command, System.currentTimeMillis());
        long start = nanoTime.getAsLong();
        CompletableFuture<InvocationResult> result;
        try {
            result = invoker.invoke(functionName, payload);
        } catch (RuntimeException e) {
            metrics.invocationFailed(functionName, e);
            metrics.invocationEnded(command, outcomeOf(e), 0);
            throw e;
        }
        return result.whenComplete((r, failure) -> {
            long elapsed = nanoTime.getAsLong() - start;
            if (failure != null) {
                metrics.invocationFailed(functionName, failure);
                metrics.invocationEnded(command, outcomeOf(failure), elapsed);
            } else {
                metrics.invocationEnded(command, r.failed() ? "function_error" : "ok", elapsed);
            }
        });
    }

    /** The invocation's command (serve, warmup, backup), read back from its payload. */
    static String commandOf(byte[] payload) {
        try {
            return NodeInvocation.fromJson(new String(payload, StandardCharsets.UTF_8))
                    .command()
                    .name()
                    .toLowerCase(java.util.Locale.ROOT);
        } catch (RuntimeException notAnInvocation) {
            return "other";
        }
    }

    /** Throttling (429) is told apart: it means the pool outgrew the account's concurrency. */
    static String outcomeOf(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String name = cause.getClass().getSimpleName();
        String message = String.valueOf(cause.getMessage());
        if (name.contains("TooManyRequests") || message.contains("TooManyRequests") || message.contains("429")) {
            return "throttled";
        }
        return "error";
    }

    @Override
    public void close() {
        invoker.close();
    }
}
