package io.mayfly.testing.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A compare-and-set register, the model of one key of a cache: get, put, replace(expected, new),
 * remove. Its state is the value held, {@link Value#ABSENT} when the key has none.
 */
public final class CasRegister implements Model<CasRegister.Value, CasRegister.Call, Object> {

    /** The register's content; a record so that "absent" is a state, not the checker's null. */
    public record Value(String value) {
        public static final Value ABSENT = new Value(null);
    }

    /** An operation on the register; outputs are the value read (get) or whether it applied. */
    public sealed interface Call permits Get, Put, Replace, Remove {}

    /** Output: the value read, or null when absent. */
    public record Get() implements Call {}

    /** Output: ignored (a put always applies). */
    public record Put(String value) implements Call {}

    /** Output: Boolean, whether the value was {@code expected} and is now {@code value}. */
    public record Replace(String expected, String value) implements Call {}

    /** Output: Boolean, whether a value was there to remove. */
    public record Remove() implements Call {}

    /**
     * The history without the failed calls whose effect nobody could have seen: failed gets, and
     * failed writes of a value no call read. If that history is linearizable, so is the whole one
     * (those calls then never took effect), and the search no longer branches on each of them. If
     * it is not, check the whole history: a remove that found "some value" may need one of them.
     */
    public static List<Operation<Call, Object>> withoutUnseenFailures(List<Operation<Call, Object>> history) {
        Set<String> seen = new HashSet<>();
        for (Operation<Call, Object> op : history) {
            if (op.outputKnown() && op.input() instanceof Get && op.output() != null) {
                seen.add((String) op.output());
            }
            if (op.outputKnown() && op.input() instanceof Replace replace && Boolean.TRUE.equals(op.output())) {
                seen.add(replace.expected());
            }
        }
        List<Operation<Call, Object>> kept = new ArrayList<>();
        for (Operation<Call, Object> op : history) {
            boolean unseen = op.input() instanceof Get
                    || op.input() instanceof Put put && !seen.contains(put.value())
                    || op.input() instanceof Replace replace && !seen.contains(replace.value());
            if (op.outputKnown() || !unseen) {
                kept.add(op);
            }
        }
        return kept;
    }

    @Override
    public Value initial() {
        return Value.ABSENT;
    }

    @Override
    public Value step(Value state, Call call, Object output, boolean outputKnown) {
        if (call instanceof Get) {
            return !outputKnown || Objects.equals(output, state.value()) ? state : null;
        }
        if (call instanceof Put put) {
            return new Value(put.value());
        }
        if (call instanceof Replace replace) {
            boolean applies = state.value() != null && state.value().equals(replace.expected());
            if (outputKnown && !Objects.equals(output, applies)) {
                return null;
            }
            return applies ? new Value(replace.value()) : state;
        }
        boolean applies = state.value() != null;
        if (outputKnown && !Objects.equals(output, applies)) {
            return null;
        }
        return Value.ABSENT;
    }
}
