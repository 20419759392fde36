package io.mayfly.lambda.local.instance;

/** Where an instance is in its life, as the control interface reports it. */
public enum InstanceState {
    /** Cold start: the runtime is initialising; it already holds the invocation that started it. */
    STARTING,
    IDLE,
    BUSY,
    /** Held by the control interface (SIGSTOP in process mode); takes no invocation until resumed. */
    FROZEN,
    TERMINATED
}
