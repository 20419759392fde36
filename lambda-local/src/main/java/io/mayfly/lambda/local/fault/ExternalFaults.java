package io.mayfly.lambda.local.fault;

import org.jspecify.annotations.Nullable;

/**
 * The faults lambda-local cannot cause itself, carried out by the embedder when the schedule says
 * so. Lambda never sees its functions' TCP connections, and the proxy is not Lambda's; both
 * default to "not supported", and the schedule records them as skipped.
 */
public interface ExternalFaults {
    ExternalFaults NONE = new ExternalFaults() {};

    /**
     * Drops the network connection of the function's serving instance, if it has one.
     *
     * @return a description of what was dropped, or null when there was nothing to drop
     */
    default @Nullable String dropConnection(String function) {
        return null;
    }

    /**
     * Restarts what invokes the functions (the proxy); instances keep running. May block until the
     * new one serves.
     *
     * @return a description, or null when not supported
     */
    default @Nullable String restartProxy() {
        return null;
    }
}
