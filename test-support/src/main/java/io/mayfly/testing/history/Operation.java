package io.mayfly.testing.history;

/**
 * One completed or failed call of a history: who made it, what it asked and answered, and when
 * it was called and returned (System.nanoTime, comparable across JVMs on one Linux host: it reads
 * the system-wide monotonic clock).
 *
 * @param returnNanos {@link #NEVER_RETURNED} when the call failed: it may have taken effect at
 *     any time after its call, or never
 */
public record Operation<I, O>(int client, I input, O output, long callNanos, long returnNanos) {

    public static final long NEVER_RETURNED = Long.MAX_VALUE;

    public Operation {
        if (returnNanos < callNanos) {
            throw new IllegalArgumentException(
                    "operation returned at " + returnNanos + " before its call at " + callNanos);
        }
    }

    /** A call that failed: its effect is unknown. */
    public static <I, O> Operation<I, O> failed(int client, I input, long callNanos) {
        return new Operation<>(client, input, null, callNanos, NEVER_RETURNED);
    }

    public boolean outputKnown() {
        return returnNanos != NEVER_RETURNED;
    }
}
