package io.mayfly.benchmarks.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mayfly.benchmarks.cost.LambdaPrices;
import io.mayfly.benchmarks.cost.MayflyDeployment;
import io.mayfly.benchmarks.load.Replay;
import io.mayfly.benchmarks.load.TargetResult;
import io.mayfly.benchmarks.targets.JCacheTarget;
import io.mayfly.benchmarks.trace.Operation;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceRecord;
import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.proxy.node.BillingWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The simulator against the real meter: a slice replayed in real time (no compression) through
 * the embedded proxy on lambda-local, billed by lambda-local's meter, and the simulator's bill of
 * the same slice from the replay's service log must agree within 5%.
 */
class SimulatorAgainstMeterTest {
    private static final String MAYFLY = "io.mayfly.jcache.MayflyCachingProvider";
    /** Long enough that lambda-local's own few ms per invocation stay a small share of each. */
    private static final long LINGER_MS = 1000;

    /** The burst rule as well: some of the slice's gaps come three requests within 2 s, some not. */
    private static final long BURST_LINGER_MS = 2000;

    /** 2 MiB values (above the proxy's 1 MiB tier: all 12 functions); gaps within and beyond the linger. */
    private static Trace slice() {
        long[] gapsMs = {300, 2500, 600, 1800, 150, 3000, 900, 1300};
        List<TraceRecord> records = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 24; i++) {
            String key = "meter-" + (i % 6);
            records.add(new TraceRecord(t * 1000, i < 6 ? Operation.PUT : Operation.GET, key, 2 << 20));
            t += gapsMs[i % gapsMs.length];
        }
        return new Trace("meter slice", records, Duration.ofMillis(t));
    }

    @Test
    void theSimulatedBillOfARealTimeSliceMatchesLambdaLocalsMeterWithinFivePercent() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.embedded.idle-return-ms", Long.toString(LINGER_MS));
        properties.setProperty("mayfly.embedded.burst-linger-ms", Long.toString(BURST_LINGER_MS));
        properties.setProperty("mayfly.embedded.burst-requests", "3");
        properties.setProperty("mayfly.operation-timeout-ms", "60000");
        try (JCacheTarget target = JCacheTarget.embeddedMayfly("jcache", MAYFLY, null, properties, "meter-check")) {
            BillingMeter meter = target.embeddedBillingMeter().orElseThrow();
            BillingMeter.LabelTotals before = serve(meter);

            TargetResult result = new Replay(1, true, null).run(slice(), target);
            assertThat(result.failedRequests()).isZero();
            assertThat(result.hits()).isEqualTo(18);
            // Lambda bills an invocation when it returns: wait for the last ones to linger out.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> meter.runningInvocations().stream()
                            .noneMatch(r -> r.label().equals("serve")));
            BillingMeter.LabelTotals after = serve(meter);

            LambdaPrices prices = LambdaPrices.X86_64;
            double meteredUsd = (after.gbSeconds() - before.gbSeconds()) * prices.usdPerGbSecond()
                    + (after.requests() - before.requests()) * prices.usdPerRequest();

            ServiceLog log = result.serviceLog().orElseThrow();
            assertThat(log.poolSize()).isEqualTo(12);
            assertThat(log.functionRequests()).isEqualTo(24);
            BillingWindow window = target.embeddedBilling();
            MayflyDeployment replayed =
                    new MayflyDeployment(12, target.embeddedFunctionMemoryMb(), 10, 2, 0, 1, 0, 5, 0, 0);
            ReturnPolicy policy = new ReturnPolicy(
                    window.idleReturnMs(),
                    window.billingWindowMs(),
                    ReturnPolicy.DEFAULT_SERVE_OVERHEAD_MS,
                    window.maxServeMs(),
                    window.burstLingerMs(),
                    window.burstRequests());
            SimulatedBill bill = new BillingSimulator(log, replayed, prices).bill(policy, 1, false);
            double simulatedUsd =
                    bill.serveGbSeconds() * prices.usdPerGbSecond() + bill.serveInvocations() * prices.usdPerRequest();

            assertThat(simulatedUsd)
                    .as(
                            "%s at %d MB: simulated %d invocations, %.3f GB-s; metered %d invocations, %.3f GB-s",
                            window,
                            target.embeddedFunctionMemoryMb(),
                            bill.serveInvocations(),
                            bill.serveGbSeconds(),
                            after.requests() - before.requests(),
                            after.gbSeconds() - before.gbSeconds())
                    .isCloseTo(meteredUsd, within(0.05 * meteredUsd));
        }
    }

    private static BillingMeter.LabelTotals serve(BillingMeter meter) {
        return meter.byLabel().getOrDefault("serve", new BillingMeter.LabelTotals(0, 0, 0));
    }
}
