package io.mayfly.testing.history;

/**
 * A sequential specification: what one operation does to the state of the object under test.
 * Deterministic; states must implement equals and hashCode (the checker memoizes them).
 *
 * @param <S> the state
 * @param <I> an operation's input
 * @param <O> an operation's output
 */
public interface Model<S, I, O> {

    S initial();

    /**
     * The state after applying {@code input} to {@code state}, or null when the recorded
     * {@code output} is not what the operation would return in that state. When the output is
     * unknown (the call failed, so it may or may not have taken effect) any output is accepted.
     */
    S step(S state, I input, O output, boolean outputKnown);
}
