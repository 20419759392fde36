package io.mayfly.lambda.local.fault;

/** What a planned fault does. */
public enum FaultKind {
    /** Lambda reclaims an instance (any state): its memory is gone, an invocation in flight fails. */
    RECLAIM,
    /** An instance is killed while it runs an invocation (a transfer in flight, for a serving node). */
    KILL_MID_INVOCATION,
    /** An instance is frozen for a while, then resumed: a straggler. */
    STRAGGLE,
    /** The embedder drops the connection of the function's instance (lambda-local cannot see it). */
    DROP_CONNECTION,
    /** The embedder restarts whatever invokes the functions (the proxy); instances live on. */
    RESTART_PROXY
}
