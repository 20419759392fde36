package io.mayfly.benchmarks.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mayfly.benchmarks.cost.LambdaPrices;
import io.mayfly.benchmarks.cost.MayflyDeployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingSimulatorTest {
    /** $1 per GB-s and $0.50 per invocation: bills that are easy to add up by hand. */
    private static final LambdaPrices ROUND = new LambdaPrices("test", 1.0, 0.5);

    /** Two 1 GB functions, RS(1+1), warm-up every minute billed 10 ms, backup every 5 min billed 100 ms. */
    private static final MayflyDeployment TWO = new MayflyDeployment(2, 1024, 1, 1, 0, 1, 10, 5, 100, 0);

    private static final long MS = 1_000_000;

    /** Ten trace minutes: both functions at 0 s, function 0 again at 0.5 s and 3 s; 100 ms each. */
    private static ServiceLog log() {
        return new ServiceLog(
                2,
                600_000_000L,
                List.of(
                        new ServedRequest(0, 100 * MS, "a", new int[] {0, 1}),
                        new ServedRequest(500_000, 100 * MS, "b", new int[] {0}),
                        new ServedRequest(1_000_000, 50 * MS, "small", new int[0]),
                        new ServedRequest(3_000_000, 100 * MS, "b", new int[] {0})));
    }

    private static ReturnPolicy linger(double ms) {
        return new ReturnPolicy(ms, 1, 0, 600_000);
    }

    @Test
    void aRequestWithinTheLingerJoinsTheRunningInvocation() {
        SimulatedBill bill = new BillingSimulator(log(), TWO, ROUND).bill(linger(1000), 1, false);
        // Function 0: 0..1.6 s (the request at 0.5 s ends at 0.6, +1 s), then 3..4.1 s: 2.7 s in 2.
        // Function 1: 0..1.1 s in 1. Warm-ups: the idle stretch after the last return, once a
        // minute: floor(595.9 / 60) = 9 and floor(598.9 / 60) = 9, each 10 ms of 1 GB.
        assertThat(bill.invocationsByFunction()).containsExactly(2, 1);
        assertThat(bill.gbSecondsByFunction()[0]).isCloseTo(2.7, within(1e-9));
        assertThat(bill.gbSecondsByFunction()[1]).isCloseTo(1.1, within(1e-9));
        assertThat(bill.serveInvocations()).isEqualTo(3);
        assertThat(bill.warmups()).isEqualTo(18);
        assertThat(bill.warmupGbSeconds()).isCloseTo(0.18, within(1e-9));
        assertThat(bill.backups()).isZero();
        // (3.8 + 0.18) GB-s x $1 + 21 invocations x $0.50
        assertThat(bill.usd()).isCloseTo(14.48, within(1e-9));
        assertThat(bill.hours()).isCloseTo(600 / 3600.0, within(1e-12));
        assertThat(bill.usdPerHour()).isCloseTo(14.48 * 6, within(1e-9));
        assertThat(bill.functionRequests()).isEqualTo(3);
        assertThat(bill.invokedRequests()).isEqualTo(2);
        assertThat(bill.addedLatencyMs(30)).isCloseTo(20, within(1e-9));
    }

    @Test
    void aBurstLengthensTheLingerAcrossInvocationsAndAGapEndsIt() {
        // Function 0 alone at 0, 1, 2 and 20 s, 100 ms each; linger 100 ms, or 5 s once 3 requests
        // came within 5 s. At 0 and 1 s too few requests: each invocation ends 0.2 s after it began.
        // At 2 s the instance's last three (0, 1, 2 s, two of them in earlier invocations) span
        // 2 s: it stays until 2.1 + 5 s. At 20 s the last three span 19 s: 0.2 s again.
        ServiceLog log = new ServiceLog(
                2,
                600_000_000L,
                List.of(
                        new ServedRequest(0, 100 * MS, "a", new int[] {0}),
                        new ServedRequest(1_000_000, 100 * MS, "a", new int[] {0}),
                        new ServedRequest(2_000_000, 100 * MS, "a", new int[] {0}),
                        new ServedRequest(20_000_000, 100 * MS, "a", new int[] {0})));
        ReturnPolicy burst = linger(100).withLinger(100, 5_000, 3);
        SimulatedBill bill = new BillingSimulator(log, TWO, ROUND).bill(burst, 1, false);
        assertThat(bill.invocationsByFunction()[0]).isEqualTo(4);
        assertThat(bill.gbSecondsByFunction()[0]).isCloseTo(0.2 + 0.2 + 5.1 + 0.2, within(1e-9));

        SimulatedBill fixed = new BillingSimulator(log, TWO, ROUND).bill(linger(100), 1, false);
        assertThat(fixed.gbSecondsByFunction()[0]).isCloseTo(4 * 0.2, within(1e-9));
        assertThat(burst.label()).isEqualTo("linger 100 ms, 5.00 s in bursts of 3");
        ReturnPolicy moot = linger(30_000).withLinger(30_000, 10_000, 3);
        assertThat(moot.adaptive())
                .as("a burst linger shorter than the idle one")
                .isFalse();
        assertThat(moot.label()).isEqualTo("linger 30.0 s");
        assertThat(new BillingSimulator(log, TWO, ROUND).bill(moot, 1, false).gbSecondsByFunction()[0])
                .isCloseTo(
                        new BillingSimulator(log, TWO, ROUND)
                                .bill(linger(30_000), 1, false)
                                .gbSecondsByFunction()[0],
                        within(1e-9));
    }

    @Test
    void aBurstRuleNeedsAtLeastTwoRequests() {
        assertThatThrownBy(() -> linger(100).withLinger(100, 1_000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 requests");
    }

    @Test
    void backupsBillEveryFunctionEachInterval() {
        SimulatedBill bill = new BillingSimulator(log(), TWO, ROUND).bill(linger(1000), 1, true);
        // 2 functions x 600 s / 300 s = 4 backups of 100 ms at 1 GB: 0.4 GB-s and 4 more fees.
        assertThat(bill.backups()).isEqualTo(4);
        assertThat(bill.backupGbSeconds()).isCloseTo(0.4, within(1e-9));
        assertThat(bill.usd()).isCloseTo(14.48 + 0.4 + 2, within(1e-9));
    }

    @Test
    void aFasterClockBringsRequestsTogetherButKeepsServiceTimes() {
        SimulatedBill bill = new BillingSimulator(log(), TWO, ROUND).bill(linger(1000), 2, false);
        // Arrivals at 0, 0.25 and 1.5 s over 300 s. Function 0: 0..1.35 s, then 1.5..2.6 s: 2.45 s.
        // Function 1: 1.1 s. Warm-ups floor(297.4 / 60) + floor(298.9 / 60) = 8.
        assertThat(bill.serveGbSeconds()).isCloseTo(3.55, within(1e-9));
        assertThat(bill.warmups()).isEqualTo(8);
        assertThat(bill.usd()).isCloseTo(3.55 + 0.08 + 11 * 0.5, within(1e-9));
        assertThat(bill.requestsPerHour()).isCloseTo(4 / (300 / 3600.0), within(1e-9));
    }

    @Test
    void lingerZeroReturnsAtTheLastRequestsEndAndTheWindowRoundsUpWithTheOverhead() {
        ReturnPolicy paperEra = new ReturnPolicy(0, 100, 5, 600_000);
        SimulatedBill bill = new BillingSimulator(log(), TWO, ROUND).bill(paperEra, 1, false);
        // Four invocations of 100 ms + 5 ms overhead, each rounded up to two 100 ms windows.
        assertThat(bill.serveInvocations()).isEqualTo(4);
        assertThat(bill.serveGbSeconds()).isCloseTo(0.8, within(1e-9));
        assertThat(bill.invokedRequests()).isEqualTo(3);
    }

    @Test
    void aFunctionsOwnMeasuredBusyTimeReplacesTheRequestsWallTime() {
        // The request took 1 s end to end; function 0's own invocation lasted 100 ms (5 ms of it
        // the handshake the policy's overhead adds back), function 1's is unknown.
        ServiceLog log = new ServiceLog(
                2, 600_000_000L, List.of(new ServedRequest(0, 1000 * MS, "a", new int[] {1, 0}, new long[] {-1, 100 * MS
                })));
        SimulatedBill bill = new BillingSimulator(log, TWO, ROUND).bill(new ReturnPolicy(0, 1, 5, 600_000), 1, false);
        assertThat(bill.gbSecondsByFunction()[0]).isCloseTo(0.1, within(1e-9));
        assertThat(bill.gbSecondsByFunction()[1]).isCloseTo(1.005, within(1e-9));
    }

    @Test
    void aFunctionServingWithoutPauseIsBilledTheSpanOnceNotALingerPerPeriod() {
        // 100 requests 0.1 s apart over 10 s, a 1 s linger: the function never returns. Repeating the
        // span, the bill is 10 s per 10 s, however fast the clock (the linger past the end is the next
        // period's serving).
        List<ServedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(new ServedRequest(i * 100_000L, 50 * MS, "k", new int[] {0}));
        }
        ServiceLog log = new ServiceLog(2, 10_000_000L, requests);
        BillingSimulator simulator = new BillingSimulator(log, TWO, ROUND);
        SimulatedBill bill = simulator.bill(linger(1000), 1, false);
        assertThat(bill.gbSecondsByFunction()[0]).isCloseTo(10, within(1e-6));
        assertThat(bill.invocationsByFunction()[0]).isEqualTo(1);
        SimulatedBill faster = simulator.bill(linger(1000), 4, false);
        assertThat(faster.gbSecondsByFunction()[0]).isCloseTo(2.5, within(1e-6));
    }

    @Test
    void anInvocationEndsAtTheHardStopEvenWithRequestsComing() {
        List<ServedRequest> requests = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            requests.add(new ServedRequest(s * 1_000_000L, 10 * MS, "k", new int[] {0}));
        }
        ServiceLog steady = new ServiceLog(2, 600_000_000L, requests);
        // A 5 s linger would keep it serving; the 4 s hard stop ends it at 4 s (the request at 4 s
        // still joins), the request at 5 s starts the next, which ends at 9 s: 8 s in 2.
        SimulatedBill bill =
                new BillingSimulator(steady, TWO, ROUND).bill(new ReturnPolicy(5000, 1, 0, 4000), 1, false);
        assertThat(bill.invocationsByFunction()[0]).isEqualTo(2);
        assertThat(bill.gbSecondsByFunction()[0]).isCloseTo(8, within(1e-9));
    }

    @Test
    void aLargerPoolPlacesEachKeyOnTheSameDistinctFunctions() {
        List<ServedRequest> requests = new ArrayList<>();
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        for (int i = 0; i < 200; i++) {
            requests.add(new ServedRequest(i * 3_600_000_000L / 200, 20 * MS, "key" + (i % 7), all));
        }
        ServiceLog twelve = new ServiceLog(12, 3_600_000_000L, requests);
        MayflyDeployment paper = MayflyDeployment.paper();
        BillingSimulator simulator = new BillingSimulator(twelve, paper, LambdaPrices.X86_64);
        SimulatedBill bill = simulator.bill(ReturnPolicy.linger(0), 1, false);
        // Requests 18 s apart never share an invocation at linger 0: 12 functions each.
        assertThat(bill.serveInvocations()).isEqualTo(200 * 12);
        long used = java.util.Arrays.stream(bill.invocationsByFunction())
                .filter(n -> n > 0)
                .count();
        assertThat(used).isLessThanOrEqualTo(7 * 12).isGreaterThan(12);
        // Each of 7 keys wakes its 12 functions about 200 / 7 times.
        assertThat(java.util.Arrays.stream(bill.invocationsByFunction()).max().orElseThrow())
                .isGreaterThanOrEqualTo(200 / 7);
        assertThat(bill.serveGbSeconds()).isCloseTo(200 * 12 * 0.022 * 1.5, within(1e-6));
    }

    @Test
    void breakEvenIsWhereTheHourlyBillMeetsElastiCache() {
        List<ServedRequest> requests = new ArrayList<>();
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        for (int i = 0; i < 500; i++) {
            requests.add(new ServedRequest(i * 7_200_000L, 50 * MS, "key" + i, all));
        }
        ServiceLog log = new ServiceLog(12, 3_600_000_000L, requests);
        BillingSimulator simulator = new BillingSimulator(log, MayflyDeployment.paper(), LambdaPrices.X86_64);
        ReturnPolicy policy = ReturnPolicy.linger(0);
        double breakEven = CostCurve.breakEven(simulator, policy, true, 10.368);
        assertThat(simulator.billAtRate(policy, breakEven * 0.98, true).usdPerHour())
                .isLessThan(10.368);
        assertThat(simulator.billAtRate(policy, breakEven * 1.02, true).usdPerHour())
                .isGreaterThanOrEqualTo(10.368);
        // A longer linger can only cost more per hour at the same rate.
        CostCurve zero = CostCurve.of(simulator, policy, true, CostCurve.rates(1), 10.368);
        CostCurve thirty = CostCurve.of(simulator, ReturnPolicy.linger(30_000), true, CostCurve.rates(1), 10.368);
        for (int i = 0; i < zero.points().size(); i++) {
            assertThat(thirty.points().get(i).usdPerHour())
                    .isGreaterThanOrEqualTo(zero.points().get(i).usdPerHour());
        }
        assertThat(thirty.breakEvenRequestsPerHour()).isLessThan(zero.breakEvenRequestsPerHour());
    }

    @Test
    void refusesAnUnorderedLogAndFunctionsOutsideThePool() {
        assertThatThrownBy(() -> new ServiceLog(
                        2,
                        10,
                        List.of(new ServedRequest(5, 1, "a", new int[0]), new ServedRequest(4, 1, "b", new int[0]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arrival order");
        assertThatThrownBy(() -> new ServiceLog(2, 10, List.of(new ServedRequest(5, 1, "a", new int[] {2}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the pool of 2");
    }
}
