package io.mayfly.benchmarks.report;

import io.mayfly.benchmarks.cost.CostComparison;
import io.mayfly.benchmarks.cost.ElastiCacheCostModel;
import io.mayfly.benchmarks.cost.MayflyCostModel;
import io.mayfly.benchmarks.load.TargetResult;
import io.mayfly.benchmarks.trace.SyntheticTraceSpec;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceShape;
import java.util.List;

/**
 * Everything one comparison run found, rendered by {@link TextReport} and {@link HtmlReport}.
 *
 * @param traceParameters the generator's knobs with their sources; empty for a user trace
 * @param timeCompression trace seconds per replay second (0: unpaced)
 */
public record ComparisonReport(Trace trace, List<SyntheticTraceSpec.Parameter> traceParameters, TraceShape shape,
                               List<TargetResult> results, CostComparison cost, MayflyCostModel mayfly,
                               ElastiCacheCostModel elastiCache, double timeCompression) {

    /** The paper's figures the report puts beside ours (FAST '20; DESIGN.md section 4). */
    static final double PAPER_ELASTICACHE_USD = 518.40;
    static final double PAPER_MAYFLY_BACKUP_USD = 16.51;
    static final double PAPER_MAYFLY_NO_BACKUP_USD = 5.41;
    static final double PAPER_RATIO_BACKUP = 31;
    static final double PAPER_RATIO_NO_BACKUP = 96;
    static final double PAPER_BREAK_EVEN_PER_HOUR = 312_000;
}
