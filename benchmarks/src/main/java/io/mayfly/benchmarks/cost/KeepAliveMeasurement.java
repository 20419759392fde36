package io.mayfly.benchmarks.cost;

/**
 * Billed milliseconds per keep-alive invocation, read from lambda-local's billing meter over
 * on-demand rounds run after a replay: one warm-up round, then two backup rounds. The first
 * backup round copies each node's data whole onto a second instance (an upper bound); the second
 * is a delta-sync of a quiet node, which is what a periodic backup mostly is, so it is the
 * figure the fixed cost uses.
 *
 * @param target             the target whose proxy ran the rounds
 * @param functionMemoryMb   the memory of the functions measured (the billed ms are at this size)
 * @param warmups            warm-up invocations measured (0: none could be)
 * @param warmupMeanMs       their mean billed ms (NaN when none)
 * @param fullBackups        first-round backup invocations measured
 * @param fullBackupMeanMs   their mean billed ms (NaN when none)
 * @param backups            second-round (delta-sync) backup invocations measured
 * @param backupMeanMs       their mean billed ms (NaN when none)
 * @param note               why a figure is missing, or empty
 */
public record KeepAliveMeasurement(
        String target,
        int functionMemoryMb,
        int warmups,
        double warmupMeanMs,
        int fullBackups,
        double fullBackupMeanMs,
        int backups,
        double backupMeanMs,
        String note) {

    /** Where measured figures come from, as the reports name it. */
    public static final String METERED = "metered by lambda-local (one on-demand round after the replay)";

    public boolean hasWarmup() {
        return warmups > 0;
    }

    public boolean hasBackup() {
        return backups > 0;
    }
}
