package io.mayfly.benchmarks.cost;

import org.jspecify.annotations.Nullable;

/**
 * Where the per-invocation billed ms of the fixed cost (warm-ups and backups) come from: metered
 * on this run ({@link KeepAliveMeasurement#METERED}), given on the command line, or the
 * paper-calibrated defaults of {@link MayflyDeployment#paper()} ("modelled").
 *
 * @param warmup   the warm-up figure's source
 * @param backup   the backup figure's source
 * @param measured what the on-demand rounds measured, or null when they did not run
 */
public record FixedCostSources(
        String warmup, String backup, @Nullable KeepAliveMeasurement measured) {
    public static final String MODELLED = "modelled (paper-calibrated default)";

    public static FixedCostSources modelled() {
        return new FixedCostSources(MODELLED, MODELLED, null);
    }

    public boolean warmupMetered() {
        return warmup.startsWith("metered");
    }

    public boolean backupMetered() {
        return backup.startsWith("metered");
    }
}
