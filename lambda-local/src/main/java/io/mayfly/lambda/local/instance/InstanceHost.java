package io.mayfly.lambda.local.instance;

/**
 * What an instance reports to the pool that owns it. Instances call these without holding
 * their own locks; the pool may call back into the instance.
 */
interface InstanceHost {
    /** Initialisation finished; the instance waits for its first invocation. */
    void ready(FunctionInstance instance);

    /** The function finished {@code requestId}. */
    void completed(FunctionInstance instance, String requestId, InvocationResult result);

    /** Initialisation failed; {@code errorBody} is the runtime's error JSON. */
    void initFailed(FunctionInstance instance, byte[] errorBody);

    /** The runtime died without being told to. */
    void died(FunctionInstance instance, String description);
}
