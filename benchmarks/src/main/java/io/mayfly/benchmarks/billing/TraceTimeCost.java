package io.mayfly.benchmarks.billing;

import java.util.ArrayList;
import java.util.List;

/**
 * Mayfly's bill on the trace's own clock, from the simulator: over the trace at its own rate and
 * at 100x, the rate above which ElastiCache is cheaper, and cost per hour against request rate for
 * the return policies compared.
 *
 * @param policy                 the policy billed (the replayed proxy's)
 * @param traceHours             the trace's span
 * @param traceRequestsPerHour   its own request rate
 * @param withBackup             the bill over the trace at its own rate, backups included
 * @param withoutBackup          the same without backups
 * @param elastiCacheUsdPerHour  ElastiCache's hourly price for the trace's footprint
 * @param ratioAt100x            ElastiCache's cost over Mayfly's (with backup) at 100x the trace's rate
 * @param breakEvenWithBackup    requests per hour above which ElastiCache is cheaper, with backup
 * @param breakEvenWithoutBackup the same without backups
 * @param curves                 cost per hour against rate: the policy billed and 30 s (with and
 *                               without backup), then each compared linger with backup (and the
 *                               policy billed again when it has a burst rule)
 * @param warmInvokeMs           the warm invocation latency a request waits when its functions
 *                               have returned (AWS, widely reported), for the added-latency figures
 */
public record TraceTimeCost(
        ReturnPolicy policy,
        double traceHours,
        double traceRequestsPerHour,
        SimulatedBill withBackup,
        SimulatedBill withoutBackup,
        double elastiCacheUsdPerHour,
        double ratioAt100x,
        double breakEvenWithBackup,
        double breakEvenWithoutBackup,
        List<CostCurve> curves,
        double warmInvokeMs) {

    /** Warm Invoke round trip on AWS: ~13 ms in the InfiniCache paper, 10-20 ms widely reported. */
    public static final double AWS_WARM_INVOKE_MS = 13;

    public TraceTimeCost {
        curves = List.copyOf(curves);
    }

    public static TraceTimeCost of(BillingSimulator simulator, ReturnPolicy policy, double elastiCacheUsdPerHour) {
        SimulatedBill with = simulator.bill(policy, 1, true);
        SimulatedBill without = simulator.bill(policy, 1, false);
        SimulatedBill fast = simulator.bill(policy, 100, true);
        List<Double> rates = CostCurve.rates(4);
        List<CostCurve> curves = new ArrayList<>();
        ReturnPolicy old =
                new ReturnPolicy(30_000, policy.billingWindowMs(), policy.serveOverheadMs(), policy.maxServeMs());
        curves.add(CostCurve.of(simulator, policy, true, rates, elastiCacheUsdPerHour));
        curves.add(CostCurve.of(simulator, policy, false, rates, elastiCacheUsdPerHour));
        curves.add(CostCurve.of(simulator, old, true, rates, elastiCacheUsdPerHour));
        curves.add(CostCurve.of(simulator, old, false, rates, elastiCacheUsdPerHour));
        for (double linger : ReturnPolicy.COMPARED_LINGERS_MS) {
            ReturnPolicy p =
                    new ReturnPolicy(linger, policy.billingWindowMs(), policy.serveOverheadMs(), policy.maxServeMs());
            curves.add(CostCurve.of(simulator, p, true, rates, elastiCacheUsdPerHour));
        }
        if (policy.adaptive()) {
            // The chosen rule beside the fixed lingers it is weighed against.
            curves.add(curves.get(0));
        }
        return new TraceTimeCost(
                policy,
                with.hours(),
                simulator.traceRequestsPerHour(),
                with,
                without,
                elastiCacheUsdPerHour,
                elastiCacheUsdPerHour / fast.usdPerHour(),
                curves.get(0).breakEvenRequestsPerHour(),
                curves.get(1).breakEvenRequestsPerHour(),
                curves,
                AWS_WARM_INVOKE_MS);
    }

    public double elastiCacheUsd() {
        return elastiCacheUsdPerHour * traceHours;
    }

    /** ElastiCache's cost over Mayfly's at the trace's own rate. */
    public double ratio(boolean backup) {
        return elastiCacheUsd() / (backup ? withBackup : withoutBackup).usd();
    }

    /** The chosen policy's and the old 30 s linger's curves, with and without backup (chart series). */
    public List<CostCurve> chartCurves() {
        return curves.subList(0, 4);
    }

    /** One curve per compared linger, with backup, then the billed policy's when it has a burst rule. */
    public List<CostCurve> lingerCurves() {
        return curves.subList(4, curves.size());
    }
}
