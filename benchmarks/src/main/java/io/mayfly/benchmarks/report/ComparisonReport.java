package io.mayfly.benchmarks.report;

import io.mayfly.benchmarks.cost.CostComparison;
import io.mayfly.benchmarks.cost.ElastiCacheCostModel;
import io.mayfly.benchmarks.cost.FixedCostSources;
import io.mayfly.benchmarks.cost.MayflyCostModel;
import io.mayfly.benchmarks.load.TargetResult;
import io.mayfly.benchmarks.trace.SyntheticTraceSpec;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceShape;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything one comparison run found, rendered by {@link TextReport} and {@link HtmlReport}.
 *
 * @param traceParameters the generator's knobs with their sources; empty for a user trace
 * @param costs           the cost comparison for each source of Mayfly's request billing: the
 *                        first is the one the report uses (metered when any target was
 *                        metered), the others are cross-checks (other targets' meters, the model)
 * @param fixedCosts      where the model's per-invocation warm-up and backup billed ms come from
 * @param timeCompression trace seconds per replay second (0: unpaced)
 * @param traceTime       the bill on the trace's own clock (simulated from the embedded replay's
 *                        service log), or null when no target logged which functions it used
 */
public record ComparisonReport(
        Trace trace,
        List<SyntheticTraceSpec.Parameter> traceParameters,
        TraceShape shape,
        List<TargetResult> results,
        List<CostComparison> costs,
        MayflyCostModel mayfly,
        FixedCostSources fixedCosts,
        ElastiCacheCostModel elastiCache,
        double timeCompression,
        io.mayfly.benchmarks.billing.@Nullable TraceTimeCost traceTime) {

    public ComparisonReport(
            Trace trace,
            List<SyntheticTraceSpec.Parameter> traceParameters,
            TraceShape shape,
            List<TargetResult> results,
            List<CostComparison> costs,
            MayflyCostModel mayfly,
            FixedCostSources fixedCosts,
            ElastiCacheCostModel elastiCache,
            double timeCompression) {
        this(trace, traceParameters, shape, results, costs, mayfly, fixedCosts, elastiCache, timeCompression, null);
    }

    public ComparisonReport {
        if (costs.isEmpty()) {
            throw new IllegalArgumentException("a comparison report needs at least one cost comparison");
        }
        costs = List.copyOf(costs);
    }

    /** The cost comparison the report uses. */
    public CostComparison cost() {
        return costs.get(0);
    }

    /** The other sources of request billing, beside the one used. */
    public List<CostComparison> crossChecks() {
        return costs.subList(1, costs.size());
    }

    /** The paper's figures the report puts beside ours (InfiniCache, FAST '20). */
    static final double PAPER_ELASTICACHE_USD = 518.40;

    static final double PAPER_MAYFLY_BACKUP_USD = 16.51;
    static final double PAPER_MAYFLY_NO_BACKUP_USD = 5.41;
    static final double PAPER_RATIO_BACKUP = 31;
    static final double PAPER_RATIO_NO_BACKUP = 96;
    static final double PAPER_BREAK_EVEN_PER_HOUR = 312_000;
}
