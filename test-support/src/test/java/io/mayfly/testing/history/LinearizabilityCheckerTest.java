package io.mayfly.testing.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.testing.history.CasRegister.Get;
import io.mayfly.testing.history.CasRegister.Put;
import io.mayfly.testing.history.CasRegister.Remove;
import io.mayfly.testing.history.CasRegister.Replace;
import io.mayfly.testing.history.LinearizabilityChecker.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private static final CasRegister REGISTER = new CasRegister();

    private static Operation<CasRegister.Call, Object> op(
            int client, CasRegister.Call call, Object output, long from, long to) {
        return new Operation<>(client, call, output, from, to);
    }

    private static Verdict verdict(List<Operation<CasRegister.Call, Object>> history) {
        return LinearizabilityChecker.check(REGISTER, history, 1_000_000).verdict();
    }

    @Test
    void overlappingWritesMayBeSeenInEitherOrder() {
        assertThat(verdict(List.of(
                        op(0, new Put("a"), null, 0, 10),
                        op(1, new Put("b"), null, 1, 11),
                        op(2, new Get(), "a", 12, 13),
                        op(2, new Get(), "a", 14, 15))))
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aReadOfAnOverwrittenValueAfterTheOverwriteReturnedIsNot() {
        assertThat(verdict(List.of(
                        op(0, new Put("a"), null, 0, 1), op(0, new Put("b"), null, 2, 3), op(1, new Get(), "a", 4, 5))))
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aMissWhileTheValueWasHeldIsNot() {
        assertThat(verdict(List.of(op(0, new Put("a"), null, 0, 1), op(1, new Get(), null, 2, 3))))
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void twoReplacesFromTheSameValueCannotBothSucceed() {
        assertThat(verdict(List.of(
                        op(0, new Put("a"), null, 0, 1),
                        op(1, new Replace("a", "b"), true, 2, 10),
                        op(2, new Replace("a", "c"), true, 3, 11))))
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(verdict(List.of(
                        op(0, new Put("a"), null, 0, 1),
                        op(1, new Replace("a", "b"), true, 2, 10),
                        op(2, new Replace("a", "c"), false, 3, 11),
                        op(2, new Remove(), true, 12, 13),
                        op(1, new Get(), null, 14, 15))))
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aFailedCallMayHaveTakenEffectOrNot() {
        Operation<CasRegister.Call, Object> failedPut = Operation.failed(0, new Put("b"), 2);
        assertThat(verdict(List.of(op(0, new Put("a"), null, 0, 1), failedPut, op(1, new Get(), "b", 5, 6))))
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(List.of(op(0, new Put("a"), null, 0, 1), failedPut, op(1, new Get(), "a", 5, 6))))
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(List.of(op(0, new Put("a"), null, 0, 1), failedPut, op(1, new Get(), "c", 5, 6))))
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aLongRandomHistoryOfASequentialRegisterChecksClean() {
        Random random = new Random(7);
        List<Operation<CasRegister.Call, Object>> history = new ArrayList<>();
        String value = null;
        long t = 0;
        for (int i = 0; i < 2_000; i++) {
            int client = random.nextInt(4);
            switch (random.nextInt(4)) {
                case 0 -> history.add(op(client, new Get(), value, t, t + 3));
                case 1 -> {
                    value = "v" + i;
                    history.add(op(client, new Put(value), null, t, t + 3));
                }
                case 2 -> {
                    String expected = random.nextBoolean() ? value : "x";
                    boolean applies = value != null && value.equals(expected);
                    if (applies) {
                        value = "r" + i;
                    }
                    history.add(op(client, new Replace(expected, "r" + i), applies, t, t + 3));
                }
                default -> {
                    history.add(op(client, new Remove(), value != null, t, t + 3));
                    value = null;
                }
            }
            // Each call overlaps the next two: the search has orders to try.
            t += 2;
        }
        LinearizabilityChecker.Result result = LinearizabilityChecker.check(REGISTER, history, 10_000_000);
        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(result.operations()).isEqualTo(2_000);
    }
}
