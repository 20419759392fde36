package io.mayfly.node;

import static io.mayfly.node.ServeSession.nextReturnCheck;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where an idle node returns: {@code lead} before the next billing boundary, never earlier than asked. */
class ReturnScheduleTest {

    private static final long MS = 1_000_000L;

    @Test
    void oneMillisecondBillingReturnsAtOnce() {
        assertThat(nextReturnCheck(1234 * MS, 0, MS, 10 * MS)).isEqualTo(1234 * MS);
    }

    @Test
    void returnsLeadBeforeTheBoundaryOfTheWindowInProgress() {
        // 100 ms windows from t=0, lead 10 ms: idle at 130 ms -> return at 190 ms, inside the second window
        assertThat(nextReturnCheck(130 * MS, 0, 100 * MS, 10 * MS)).isEqualTo(190 * MS);
        assertThat(nextReturnCheck(190 * MS, 0, 100 * MS, 10 * MS)).isEqualTo(190 * MS);
    }

    @Test
    void tooCloseToTheBoundaryWaitsForTheNextOne() {
        // idle at 195 ms: 190 ms has passed, the next chance is 290 ms
        assertThat(nextReturnCheck(195 * MS, 0, 100 * MS, 10 * MS)).isEqualTo(290 * MS);
    }

    @Test
    void windowsCountFromTheInvocationStart() {
        long start = 5_000 * MS;
        assertThat(nextReturnCheck(start + 20 * MS, start, 100 * MS, 10 * MS)).isEqualTo(start + 90 * MS);
    }

    @Test
    void windowShorterThanTwiceTheLeadHasNoBoundaryToAimAt() {
        assertThat(nextReturnCheck(37 * MS, 0, 15 * MS, 10 * MS)).isEqualTo(37 * MS);
    }
}
