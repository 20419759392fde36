package io.mayfly.lambda.local;

/** How a function instance runs. */
public enum InstanceMode {
    /**
     * The faithful mode: each instance is a child JVM running the official runtime interface
     * client against a Runtime API server of its own.
     */
    PROCESS,
    /**
     * Threads in this JVM, each instance with its own class loader so that statics and handler
     * objects are per instance as they would be in separate JVMs. Light: for tests with many nodes.
     */
    IN_PROCESS
}
