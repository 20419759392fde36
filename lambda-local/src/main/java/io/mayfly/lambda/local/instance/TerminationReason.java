package io.mayfly.lambda.local.instance;

/** Why an instance ended. */
public enum TerminationReason {
    IDLE_RECLAIMED,
    MAX_LIFETIME,
    TIMEOUT,
    /** Killed through the control interface, as Lambda may reclaim any instance at any time. */
    RECLAIMED,
    /** The runtime died on its own (process exit, crash). */
    CRASHED,
    INIT_FAILED,
    FUNCTION_REMOVED,
    SERVICE_CLOSED
}
