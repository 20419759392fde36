package io.mayfly.lambda.local.instance;

import org.jspecify.annotations.Nullable;

/**
 * A change in an instance's life.
 *
 * @param reason why it ended, for {@link Type#TERMINATED}; null otherwise
 */
public record InstanceEvent(
        Type type, InstanceInfo instance, @Nullable TerminationReason reason) {
    public enum Type {
        /** A cold start began. */
        LAUNCHED,
        /** Initialisation finished: the instance takes invocations. */
        READY,
        FROZEN,
        RESUMED,
        TERMINATED
    }
}
