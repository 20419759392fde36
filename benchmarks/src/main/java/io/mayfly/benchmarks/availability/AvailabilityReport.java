package io.mayfly.benchmarks.availability;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The runs as text tables (per hour, then a summary beside InfiniCache's figures) and as JSON. */
final class AvailabilityReport {
    static final double INFINICACHE_WITH_BACKUP = 0.954;
    static final double INFINICACHE_WITHOUT_BACKUP = 0.814;

    private AvailabilityReport() {}

    static void printText(List<RunResult> runs, PrintWriter out) {
        for (RunResult run : runs) {
            RunSpec s = run.spec();
            out.printf(
                    Locale.ROOT,
                    "%n%s at %s reclaims per instance-hour: %d values of %d bytes, RS(%d+%d) on %d"
                            + " functions, %d simulated h at x%s (%.0f s wall)%s%n",
                    s.mechanisms().description(),
                    number(s.reclaimsPerInstanceHour()),
                    run.valuesWritten(),
                    s.workload().valueBytes(),
                    s.dataShards(),
                    s.parityShards(),
                    s.poolSize(),
                    s.hours(),
                    number(s.compression()),
                    run.wallSeconds(),
                    "");
            out.printf(
                    Locale.ROOT,
                    "  %4s %6s %8s %6s %6s %5s %5s %8s %8s %5s %5s %4s %8s %7s %7s %10s %10s %8s  %s%n",
                    "hour",
                    "reads",
                    "avail",
                    "misses",
                    "errors",
                    "wrong",
                    "lost",
                    "rewrites",
                    "reclaims",
                    "kills",
                    "drops",
                    "slow",
                    "restarts",
                    "warmups",
                    "backups",
                    "backup B",
                    "repaired B",
                    "repaired",
                    "invocations / billed GB-s by payload command");
            for (RunResult.HourRow h : run.hours()) {
                KeepAliveTotals k = h.keepAlive();
                out.printf(
                        Locale.ROOT,
                        "  %4d %6d %8s %6d %6d %5d %5d %8d %8d %5d %5d %4d %8d %7d %7d %10d %10d %8d  %s%n",
                        h.hour(),
                        h.reads(),
                        percent(h.availability()),
                        h.misses(),
                        h.errors(),
                        h.wrong(),
                        h.lost(),
                        h.rewrites(),
                        h.faults().getOrDefault("RECLAIM", 0L),
                        h.faults().getOrDefault("KILL_MID_INVOCATION", 0L),
                        h.faults().getOrDefault("DROP_CONNECTION", 0L),
                        h.faults().getOrDefault("STRAGGLE", 0L),
                        h.faults().getOrDefault("RESTART_PROXY", 0L),
                        k.warmups(),
                        k.backups(),
                        k.backupBytes(),
                        k.bytesRepaired(),
                        k.valuesRepaired(),
                        purposes(h.invocations(), h.gbSeconds()));
            }
        }
        out.printf(
                Locale.ROOT,
                "%nAvailability: reads of previously written values that returned the bytes last"
                        + " written (a miss or an error counts as unavailable)%n");
        out.printf(
                Locale.ROOT,
                "%-9s %-20s %8s %10s %6s %6s %18s %26s %18s%n",
                "reclaims",
                "configuration",
                "avail",
                "worst hour",
                "wrong",
                "lost",
                "warm-ups n/GB-s",
                "backups n/GB-s/bytes",
                "repaired values/B");
        for (RunResult run : runs) {
            KeepAliveTotals k = run.keepAlive();
            out.printf(
                    Locale.ROOT,
                    "%-9s %-20s %8s %10s %6d %6d %18s %26s %18s%n",
                    number(run.spec().reclaimsPerInstanceHour()) + "/h",
                    run.spec().mechanisms().description(),
                    percent(run.availability()),
                    percent(run.worstHour()),
                    run.wrong(),
                    run.lost(),
                    gbs(run, "warmup"),
                    gbs(run, "backup") + "/" + k.backupBytes(),
                    k.valuesRepaired() + "/" + k.bytesRepaired());
        }
        out.printf(
                Locale.ROOT,
                "(backups: the second instances' backup invocations; repair runs inside serve"
                        + " invocations, so its GB-s are in the per-hour serve column)%n");
        out.printf(
                Locale.ROOT,
                "InfiniCache (FAST '20, 50-hour production trace, hourly availability): %s with"
                        + " backup, %s without%n",
                percent(INFINICACHE_WITH_BACKUP),
                percent(INFINICACHE_WITHOUT_BACKUP));
        out.flush();
    }

    static String json(List<RunResult> runs) {
        StringBuilder j = new StringBuilder("{\"infinicache\":{\"withBackup\":")
                .append(INFINICACHE_WITH_BACKUP)
                .append(",\"withoutBackup\":")
                .append(INFINICACHE_WITHOUT_BACKUP)
                .append("},\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            RunSpec s = r.spec();
            if (i > 0) {
                j.append(',');
            }
            j.append("{\"configuration\":\"")
                    .append(s.mechanisms().option())
                    .append('"')
                    .append(",\"reclaimsPerInstanceHour\":")
                    .append(s.reclaimsPerInstanceHour())
                    .append(",\"hours\":")
                    .append(s.hours())
                    .append(",\"compression\":")
                    .append(s.compression())
                    .append(",\"poolSize\":")
                    .append(s.poolSize())
                    .append(",\"dataShards\":")
                    .append(s.dataShards())
                    .append(",\"parityShards\":")
                    .append(s.parityShards())
                    .append(",\"values\":")
                    .append(r.valuesWritten())
                    .append(",\"valueBytes\":")
                    .append(s.workload().valueBytes())
                    .append(",\"availability\":")
                    .append(num(r.availability()))
                    .append(",\"wrong\":")
                    .append(r.wrong())
                    .append(",\"lost\":")
                    .append(r.lost())
                    .append(",\"restarts\":")
                    .append(r.restarts())
                    .append(",\"wallSeconds\":")
                    .append(num(r.wallSeconds()))
                    .append(",\"perHour\":[");
            for (int h = 0; h < r.hours().size(); h++) {
                RunResult.HourRow row = r.hours().get(h);
                if (h > 0) {
                    j.append(',');
                }
                j.append("{\"hour\":")
                        .append(row.hour())
                        .append(",\"reads\":")
                        .append(row.reads())
                        .append(",\"correct\":")
                        .append(row.correct())
                        .append(",\"misses\":")
                        .append(row.misses())
                        .append(",\"errors\":")
                        .append(row.errors())
                        .append(",\"wrong\":")
                        .append(row.wrong())
                        .append(",\"lost\":")
                        .append(row.lost())
                        .append(",\"rewrites\":")
                        .append(row.rewrites())
                        .append(",\"availability\":")
                        .append(num(row.availability()))
                        .append(",\"warmups\":")
                        .append(row.keepAlive().warmups())
                        .append(",\"backups\":")
                        .append(row.keepAlive().backups())
                        .append(",\"backupBytes\":")
                        .append(row.keepAlive().backupBytes())
                        .append(",\"bytesRepaired\":")
                        .append(row.bytesRepaired())
                        .append(",\"valuesRepaired\":")
                        .append(row.keepAlive().valuesRepaired())
                        .append(",\"valuesLostAtProxy\":")
                        .append(row.keepAlive().valuesLost())
                        .append(",\"faults\":")
                        .append(longs(row.faults()))
                        .append(",\"invocations\":")
                        .append(longs(row.invocations()))
                        .append(",\"gbSeconds\":")
                        .append(doubles(row.gbSeconds()))
                        .append('}');
            }
            j.append("]}");
        }
        return j.append("]}").toString();
    }

    private static String purposes(Map<String, Long> invocations, Map<String, Double> gbSeconds) {
        StringBuilder s = new StringBuilder();
        for (String label : new TreeSet<>(invocations.keySet())) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(String.format(
                    Locale.ROOT, "%s %d/%.2f", label, invocations.get(label), gbSeconds.getOrDefault(label, 0.0)));
        }
        return s.toString();
    }

    private static String gbs(RunResult run, String label) {
        long n = run.invocations(label);
        return n == 0 ? "-" : String.format(Locale.ROOT, "%d/%.3f", n, run.gbSeconds(label));
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "null" : Double.toString(d);
    }

    private static String longs(Map<String, Long> map) {
        StringBuilder s = new StringBuilder("{");
        map.forEach((k, v) -> s.append(s.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return s.append('}').toString();
    }

    private static String doubles(Map<String, Double> map) {
        StringBuilder s = new StringBuilder("{");
        map.forEach((k, v) -> s.append(s.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(num(v)));
        return s.append('}').toString();
    }
}
