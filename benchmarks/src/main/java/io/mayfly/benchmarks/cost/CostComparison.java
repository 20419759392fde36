package io.mayfly.benchmarks.cost;

import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Mayfly beside ElastiCache for one trace, projected from the (compressed) replay to the trace's
 * real duration: ElastiCache pays node-hours for the whole duration; Mayfly pays its fixed
 * warm-up (and backup) rate for the whole duration plus the billing of the requests served.
 *
 * @param hours                the trace's real duration
 * @param footprintBytes       the bytes ElastiCache must hold
 * @param serving              Lambda billing of the requests (metered or modelled)
 * @param servingUsd           its price
 * @param requests             requests in the trace
 */
public record CostComparison(
        double hours,
        long footprintBytes,
        int elastiCacheNodes,
        double elastiCacheUsdPerHour,
        double elastiCacheUsd,
        LambdaBilling serving,
        double servingUsd,
        double fixedUsdPerHourWithBackup,
        double fixedUsdPerHourWithoutBackup,
        long requests,
        List<Point> overTime) {

    /** Cumulative cost at a point of the trace's real time. */
    public record Point(
            double hours, double elastiCacheUsd, double mayflyUsdWithBackup, double mayflyUsdWithoutBackup) {}

    /**
     * @param metered the billing meter's totals for the replayed requests, or null to model them
     */
    public static CostComparison of(
            Trace trace,
            double hours,
            long footprintBytes,
            MayflyCostModel mayfly,
            ElastiCacheCostModel elastiCache,
            @Nullable LambdaBilling metered) {
        if (!(hours > 0)) {
            throw new IllegalArgumentException("the trace covers " + hours + " hours; cost needs a positive duration"
                    + " (pass --trace-hours for a trace whose rows share one timestamp)");
        }
        List<TraceRecord> records = trace.records();
        LambdaBilling modelled = mayfly.servingBilling(records);
        LambdaBilling serving = metered != null ? metered : modelled;
        double servingUsd = mayfly.usd(serving);
        double modelledUsd = mayfly.usd(modelled);
        // Spread the serving cost over time in proportion to each request's modelled cost.
        double scale = modelledUsd == 0 ? 0 : servingUsd / modelledUsd;
        double traceHours = trace.duration().toNanos() / 3.6e12;
        double timeScale = traceHours > 0 ? hours / traceHours : 0;

        double ecPerHour = elastiCache.usdPerHour(footprintBytes);
        double fixedWith = mayfly.fixedUsdPerHour(true);
        double fixedWithout = mayfly.fixedUsdPerHour(false);
        int steps = 100;
        List<Point> points = new ArrayList<>(steps + 1);
        double cumulative = 0;
        int next = 0;
        for (int s = 0; s <= steps; s++) {
            double t = hours * s / steps;
            while (next < records.size() && records.get(next).timestampMicros() / 3.6e9 * timeScale <= t) {
                cumulative += mayfly.usd(mayfly.requestBilling(records.get(next).sizeBytes())) * scale;
                next++;
            }
            if (s == steps) {
                cumulative = servingUsd;
            }
            points.add(new Point(t, ecPerHour * t, fixedWith * t + cumulative, fixedWithout * t + cumulative));
        }
        return new CostComparison(
                hours,
                footprintBytes,
                elastiCache.nodesFor(footprintBytes),
                ecPerHour,
                ecPerHour * hours,
                serving,
                servingUsd,
                fixedWith,
                fixedWithout,
                records.size(),
                points);
    }

    public double mayflyUsd(boolean backup) {
        return (backup ? fixedUsdPerHourWithBackup : fixedUsdPerHourWithoutBackup) * hours + servingUsd;
    }

    /** ElastiCache's cost divided by Mayfly's (the paper: 31x with backup, 96x without). */
    public double costRatio(boolean backup) {
        return elastiCacheUsd / mayflyUsd(backup);
    }

    public double requestsPerHour() {
        return requests / hours;
    }

    /** The average price of one request's function invocations. */
    public double usdPerRequest() {
        return requests == 0 ? 0 : servingUsd / requests;
    }

    /**
     * Requests per hour above which ElastiCache is cheaper: where Mayfly's fixed rate plus the
     * request rate times the price per request reaches ElastiCache's hourly price. Infinite when
     * requests cost Mayfly nothing (all in the proxy tier); 0 when Mayfly's fixed rate alone is dearer.
     */
    public double breakEvenRequestsPerHour(boolean backup) {
        double room = elastiCacheUsdPerHour - (backup ? fixedUsdPerHourWithBackup : fixedUsdPerHourWithoutBackup);
        if (room <= 0) {
            return 0;
        }
        double perRequest = usdPerRequest();
        return perRequest == 0 ? Double.POSITIVE_INFINITY : room / perRequest;
    }
}
