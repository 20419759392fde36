package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.FunctionDefinition;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One execution environment of a function: a child JVM or a thread with its own class loader.
 * The fields below the constructor are the pool's bookkeeping, guarded by the pool's lock.
 */
abstract class FunctionInstance {
    final String id;
    final FunctionDefinition function;
    final InstanceHost host;
    final Instant startedAt = Instant.now();
    final long startedNanos = System.nanoTime();

    InstanceState state = InstanceState.STARTING;
    boolean frozen;
    boolean retiring;
    long invocations;
    long coldStartMillis = -1;
    long lastIdleNanos;

    @Nullable
    Invocation current;

    @Nullable
    ScheduledFuture<?> timeoutTask;

    @Nullable
    ScheduledFuture<?> idleTask;

    @Nullable
    ScheduledFuture<?> lifetimeTask;

    long idleEpoch;
    /** A completion that arrived while frozen, released on resume. */
    @Nullable
    InvocationResult withheld;

    FunctionInstance(String id, FunctionDefinition function, InstanceHost host) {
        this.id = id;
        this.function = function;
        this.host = host;
    }

    /** Begins the cold start; reports through the host. May block briefly (process launch). */
    abstract void start() throws Exception;

    /** Hands over an invocation; the instance is idle and the pool has marked it busy. Never blocks. */
    abstract void deliver(Invocation invocation, String invokedFunctionArn);

    /** Ends the instance now; idempotent; reports nothing to the host. */
    abstract void terminate();

    /** Stops the runtime from making progress (process mode: SIGSTOP). */
    abstract void suspend();

    /** Lets it continue (process mode: SIGCONT). */
    abstract void resumeExecution();

    long pid() {
        return -1;
    }

    @Nullable
    String threadName() {
        return null;
    }

    InstanceInfo info() {
        InstanceState shown = frozen && state != InstanceState.TERMINATED ? InstanceState.FROZEN : state;
        return new InstanceInfo(
                id,
                function.name(),
                function.instanceMode(),
                shown,
                pid(),
                threadName(),
                startedAt,
                invocations,
                coldStartMillis);
    }
}
