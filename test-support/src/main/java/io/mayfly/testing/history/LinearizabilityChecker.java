package io.mayfly.testing.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a concurrent history is linearizable against a sequential {@link Model}: the
 * Wing-Gong search with Lowe's memoization of (linearized set, state), as Knossos and Porcupine
 * implement it. Calls and returns form one time-ordered list; the search linearizes a call whose
 * model step matches its output and restarts from the head, and backtracks when it meets the return
 * of a call it has not linearized. A call with an unknown outcome returns "never", so it may take
 * effect at any later point or not at all.
 *
 * <p>Linearizability is compositional: check each key of a key-value history on its own.
 */
public final class LinearizabilityChecker {

    /** The verdict; {@code explanation} names the operation no order could place, when there is one. */
    public record Result(Verdict verdict, int operations, String explanation) {
        public boolean linearizable() {
            return verdict == Verdict.LINEARIZABLE;
        }
    }

    public enum Verdict {
        LINEARIZABLE,
        NOT_LINEARIZABLE,
        /** The search used up its step budget: no verdict. */
        UNDECIDED
    }

    private LinearizabilityChecker() {}

    private static final class Entry {
        final int id;
        final boolean call;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int id, boolean call, long time) {
            this.id = id;
            this.call = call;
            this.time = time;
        }
    }

    private record Memo(BitSet linearized, Object state) {}

    private record Frame(Entry call, Object stateBefore) {}

    /**
     * @param maxSteps bound on search steps; past it the verdict is {@link Verdict#UNDECIDED}
     */
    @SuppressWarnings("unchecked")
    public static <S, I, O> Result check(Model<S, I, O> model, List<Operation<I, O>> history, long maxSteps) {
        int n = history.size();
        List<Entry> entries = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            Operation<I, O> op = history.get(i);
            Entry call = new Entry(i, true, op.callNanos());
            Entry ret = new Entry(i, false, op.returnNanos());
            call.match = ret;
            entries.add(call);
            entries.add(ret);
        }
        // At equal times a call sorts before a return: the two then overlap, the lenient reading.
        entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
        Entry head = new Entry(-1, false, Long.MIN_VALUE);
        Entry last = head;
        for (Entry e : entries) {
            last.next = e;
            e.prev = last;
            last = e;
        }

        BitSet linearized = new BitSet(n);
        Set<Memo> seen = new HashSet<>();
        Deque<Frame> stack = new ArrayDeque<>();
        S state = model.initial();
        Entry entry = head.next;
        int deepest = 0;
        String stuck = "";
        for (long steps = 0; head.next != null; steps++) {
            if (steps >= maxSteps) {
                return new Result(Verdict.UNDECIDED, n, "no verdict within " + maxSteps + " search steps");
            }
            if (entry.call) {
                Operation<I, O> op = history.get(entry.id);
                S next = model.step(state, op.input(), op.output(), op.outputKnown());
                if (next != null) {
                    BitSet with = (BitSet) linearized.clone();
                    with.set(entry.id);
                    if (seen.add(new Memo(with, next))) {
                        stack.push(new Frame(entry, state));
                        state = next;
                        linearized.set(entry.id);
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                if (stack.size() >= deepest) {
                    deepest = stack.size();
                    stuck = "after " + deepest + " operations in order, none fits before " + history.get(entry.id)
                            + " returns (state " + state + ")";
                }
                if (stack.isEmpty()) {
                    return new Result(Verdict.NOT_LINEARIZABLE, n, stuck);
                }
                Frame top = stack.pop();
                state = (S) top.stateBefore();
                linearized.clear(top.call().id);
                unlift(top.call());
                entry = top.call().next;
            }
        }
        return new Result(Verdict.LINEARIZABLE, n, "");
    }

    /** Takes a call and its return out of the list (they stay linked to their neighbours). */
    private static void lift(Entry call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    /** Puts them back, in the reverse order of {@link #lift}. */
    private static void unlift(Entry call) {
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }
}
