package io.mayfly.benchmarks.targets;

/** A target that cannot start: a missing binary, an unknown provider class, a server that never came up. */
public final class TargetUnavailableException extends RuntimeException {
    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
