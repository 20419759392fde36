package io.mayfly.proxy.node;

import java.util.concurrent.CompletableFuture;

/** Starts one invocation of a function; the future completes when the invocation returns. */
public interface NodeInvoker extends AutoCloseable {

    CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload);

    @Override
    void close();

    /**
     * How an invocation ended.
     *
     * @param statusCode the HTTP status of the Invoke call (200 for RequestResponse)
     * @param functionError Lambda's X-Amz-Function-Error ("Unhandled"...), or null on success
     * @param payload the function's response body
     */
    record InvocationResult(int statusCode, String functionError, byte[] payload) {

        public boolean failed() {
            return functionError != null;
        }
    }
}
