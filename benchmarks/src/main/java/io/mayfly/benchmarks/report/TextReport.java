package io.mayfly.benchmarks.report;

import io.mayfly.benchmarks.billing.CostCurve;
import io.mayfly.benchmarks.billing.TraceTimeCost;
import io.mayfly.benchmarks.cost.CostComparison;
import io.mayfly.benchmarks.cost.FixedCostSources;
import io.mayfly.benchmarks.cost.KeepAliveMeasurement;
import io.mayfly.benchmarks.cost.MayflyDeployment;
import io.mayfly.benchmarks.load.ClassStats;
import io.mayfly.benchmarks.load.SizeClass;
import io.mayfly.benchmarks.load.TargetResult;
import io.mayfly.benchmarks.trace.TraceShape;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The comparison as plain tables, for the terminal. */
public final class TextReport {
    private TextReport() {}

    /** "metered by lambda-local (jcache): 12.3 GB-s, 456 invocations = $0.0002". */
    static String billingLine(CostComparison c) {
        return String.format(
                Locale.ROOT,
                "%s: %.4g GB-s, %d invocations = %s",
                c.serving().source(),
                c.serving().gbSeconds(),
                c.serving().requests(),
                Units.usd(c.servingUsd()));
    }

    public static void print(ComparisonReport report, PrintWriter out) {
        TraceShape s = report.shape();
        out.printf(Locale.ROOT, "%nTrace: %s%n", report.trace().description());
        out.printf(
                Locale.ROOT,
                "  objects %d, sizes %s..%s over %d decades, large %.1f%% of objects holding %.1f%% of"
                        + " bytes, large read 10+ times %.1f%%, re-read within an hour %.1f%% (paper: 9 decades, 20%%,"
                        + " ~95%%, >30%%, 35-45%%)%n",
                s.objects(),
                Units.bytes(s.minObjectBytes()),
                Units.bytes(s.maxObjectBytes()),
                s.sizeDecades(),
                100 * s.largeObjectFraction(),
                100 * s.largeBytesShare(),
                100 * s.largeRead10Fraction(),
                100 * s.largeReuseWithinHour());
        out.printf(
                Locale.ROOT,
                "  footprint %s, %d requests, time compression %s%n",
                Units.bytes(report.trace().peakFootprintBytes()),
                report.trace().records().size(),
                report.timeCompression() == 0 ? "none (unpaced)" : Units.number(report.timeCompression()) + "x");

        for (TargetResult r : report.results()) {
            out.printf(Locale.ROOT, "%nTarget %s: %s%n", r.target(), r.description());
            out.printf(
                    Locale.ROOT,
                    "  %d requests in %.1f s (%.1f req/s), hit ratio %.3f, stored %s in %d keys%s,"
                            + " wrong values %d, worst lag behind schedule %.2f s%n",
                    r.requests(),
                    r.wallNanos() / 1e9,
                    r.requestsPerSecond(),
                    r.hitRatio(),
                    Units.bytes(r.storedBytes()),
                    r.storedKeys(),
                    r.reportedMemoryBytes() >= 0
                            ? " (server reports " + Units.bytes(r.reportedMemoryBytes()) + ")"
                            : "",
                    r.wrongValues(),
                    r.maxLagNanos() / 1e9);
            out.printf(
                    Locale.ROOT,
                    "  %-14s %7s %10s %10s %10s %11s | %6s %10s %10s %10s%n",
                    "size class",
                    "hits",
                    "get p50",
                    "get p99",
                    "get max",
                    "get MiB/s",
                    "puts",
                    "put p50",
                    "put p99",
                    "put max");
            for (SizeClass c : SizeClass.values()) {
                ClassStats g = r.getHits(c);
                ClassStats p = r.puts(c);
                if (g.count() == 0 && p.count() == 0) {
                    continue;
                }
                out.printf(
                        Locale.ROOT,
                        "  %-14s %7d %10s %10s %10s %11s | %6d %10s %10s %10s%n",
                        c.label(),
                        g.count(),
                        Units.micros(g.percentileMicros(50)),
                        Units.micros(g.percentileMicros(99)),
                        Units.micros(g.maxMicros()),
                        g.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", g.bytesPerSecond() / (1 << 20)),
                        p.count(),
                        Units.micros(p.percentileMicros(50)),
                        Units.micros(p.percentileMicros(99)),
                        Units.micros(p.maxMicros()));
            }
            ClassStats m = r.getMisses();
            out.printf(
                    Locale.ROOT,
                    "  %-14s %7d %10s %10s %10s%n",
                    "misses",
                    m.count(),
                    Units.micros(m.percentileMicros(50)),
                    Units.micros(m.percentileMicros(99)),
                    Units.micros(m.maxMicros()));
        }

        if (report.results().size() > 1) {
            TargetResult base = report.results().get(0);
            for (TargetResult r : report.results().subList(1, report.results().size())) {
                out.printf(Locale.ROOT, "%n%s / %s, GET hits per size class:%n", r.target(), base.target());
                out.printf(Locale.ROOT, "  %-14s %12s %16s%n", "size class", "p50 ratio", "throughput ratio");
                for (SizeClass sc : SizeClass.values()) {
                    ClassStats a = r.getHits(sc);
                    ClassStats b = base.getHits(sc);
                    if (a.count() > 0 && b.count() > 0) {
                        out.printf(
                                Locale.ROOT,
                                "  %-14s %12.2f %16.2f%n",
                                sc.label(),
                                a.percentileMicros(50) / b.percentileMicros(50),
                                a.bytesPerSecond() / b.bytesPerSecond());
                    }
                }
            }
        }

        CostComparison c = report.cost();
        out.printf(
                Locale.ROOT,
                "%nCost over the trace's %.4g hours (projected from the replay; a lower bound when the replay"
                        + " compresses time, as one invocation then serves requests hours apart):%n",
                c.hours());
        out.printf(
                Locale.ROOT,
                "  ElastiCache: %d x %s (%.2f GiB, %s) for %s = %s%n",
                c.elastiCacheNodes(),
                report.elastiCache().node().name(),
                report.elastiCache().node().memoryGib(),
                Units.hourly(report.elastiCache().node().usdPerHour()),
                Units.bytes(c.footprintBytes()),
                Units.usd(c.elastiCacheUsd()));
        var d = report.mayfly().deployment();
        out.printf(
                Locale.ROOT,
                "  Mayfly: %d functions x %d MB %s, RS(%d+%d); fixed cost = functions x rounds per"
                        + " hour x hours x billed ms per invocation x memory%n",
                d.poolFunctions(),
                d.functionMemoryMb(),
                report.mayfly().prices().architecture(),
                d.dataShards(),
                d.parityShards());
        FixedCostSources f = report.fixedCosts();
        MayflyDeployment paper = MayflyDeployment.paper();
        out.printf(
                Locale.ROOT,
                "  Warm-up every %s min: %s per invocation, %s (paper-calibrated default %s)%n",
                Units.number(d.warmupIntervalMinutes()),
                Units.millis(d.warmupBilledMs()),
                f.warmup(),
                Units.millis(paper.warmupBilledMs()));
        out.printf(
                Locale.ROOT,
                "  Backup every %s min:  %s per invocation, %s (paper-calibrated default %s)%n",
                Units.number(d.backupIntervalMinutes()),
                Units.millis(d.backupBilledMs()),
                f.backup(),
                Units.millis(paper.backupBilledMs()));
        KeepAliveMeasurement m = f.measured();
        if (m != null) {
            out.printf(
                    Locale.ROOT,
                    "    measured on %s at %d MB: warm-up %s (%d invocations), delta-sync backup %s"
                            + " (%d, used), first full-copy backup %s (%d, upper bound)%s%n",
                    m.target(),
                    m.functionMemoryMb(),
                    Units.millis(m.warmupMeanMs()),
                    m.warmups(),
                    Units.millis(m.backupMeanMs()),
                    m.backups(),
                    Units.millis(m.fullBackupMeanMs()),
                    m.fullBackups(),
                    m.note().isEmpty() ? "" : "; " + m.note());
        }
        out.printf(Locale.ROOT, "  Request billing used: %s%n", billingLine(c));
        if (c.serving().metered()) {
            out.printf(
                    Locale.ROOT,
                    "    (the meter's reading after the replay minus before it, running invocations"
                            + " billed to the reading, warm-ups and backups of the run included; the on-demand rounds"
                            + " after it are not)%n");
        }
        out.printf(
                Locale.ROOT,
                "  Mayfly with backup    %s (fixed %s)  ratio %s (paper 31x; lower bound of the cost)%n",
                Units.usd(c.mayflyUsd(true)),
                Units.hourly(c.fixedUsdPerHourWithBackup()),
                Units.ratio(c.costRatio(true)));
        out.printf(
                Locale.ROOT,
                "  Mayfly without backup %s (fixed %s)  ratio %s (paper 96x; lower bound of the cost)%n",
                Units.usd(c.mayflyUsd(false)),
                Units.hourly(c.fixedUsdPerHourWithoutBackup()),
                Units.ratio(c.costRatio(false)));
        out.printf(
                Locale.ROOT,
                "  Trace rate %s requests/hour; at %s per request (%s), ElastiCache is cheaper above"
                        + " %s requests/hour with backup, %s without (paper: ~312K)%n",
                Units.number(c.requestsPerHour()),
                Units.usd(c.usdPerRequest()),
                c.serving().source(),
                Units.number(c.breakEvenRequestsPerHour(true)),
                Units.number(c.breakEvenRequestsPerHour(false)));
        if (c.serving().metered() && report.timeCompression() != 1) {
            // Requests that arrive hours apart in the trace arrive within one invocation here.
            out.printf(
                    Locale.ROOT,
                    "    (compressed replay: each node serves many requests per invocation, so the"
                            + " metered cost per request is a lower bound and this rate an upper bound)%n");
        }
        if (!report.crossChecks().isEmpty()) {
            out.printf(Locale.ROOT, "  Cross-checks (same fixed costs, other request billing):%n");
            for (CostComparison x : report.crossChecks()) {
                out.printf(
                        Locale.ROOT,
                        "    %s; ratio %s with backup, %s without; ElastiCache cheaper above %s"
                                + " requests/hour with backup%n",
                        billingLine(x),
                        Units.ratio(x.costRatio(true)),
                        Units.ratio(x.costRatio(false)),
                        Units.number(x.breakEvenRequestsPerHour(true)));
            }
        }
        if (report.traceTime() != null) {
            printTraceTime(report, out);
        }
        out.flush();
    }

    /** The line starting {@code trace-time:} and the policy comparison behind it. */
    static String traceTimeLine(ComparisonReport report) {
        TraceTimeCost t = Objects.requireNonNull(report.traceTime(), "printed only with a trace-time cost");
        var d = report.mayfly().deployment();
        return String.format(
                Locale.ROOT,
                "trace-time: Mayfly %s over the trace's %.4g hours with backup (%s), %s cheaper than"
                        + " ElastiCache (%s); %s at 100x the trace's rate; ElastiCache is cheaper above %s"
                        + " requests/hour (%s, %d ms billing; %d x %d MB RS(%d+%d); simulated on the trace's clock)",
                Units.usd(t.withBackup().usd()),
                t.traceHours(),
                Units.hourly(t.withBackup().usdPerHour()),
                Units.ratio(t.ratio(true)),
                Units.usd(t.elastiCacheUsd()),
                Units.ratio(t.ratioAt100x()),
                Units.number(t.breakEvenWithBackup()),
                t.policy().label(),
                t.policy().billingWindowMs(),
                d.poolFunctions(),
                d.functionMemoryMb(),
                d.dataShards(),
                d.parityShards());
    }

    private static void printTraceTime(ComparisonReport report, PrintWriter out) {
        TraceTimeCost t = Objects.requireNonNull(report.traceTime(), "printed only with a trace-time cost");
        out.printf(Locale.ROOT, "%n%s%n", traceTimeLine(report));
        out.printf(
                Locale.ROOT,
                "  trace rate %s requests/hour; without backup %s (%s cheaper), ElastiCache cheaper above %s"
                        + " requests/hour; %d serve invocations, %.4g GB-s, %.0f warm-ups, %.0f backups%n",
                Units.number(t.traceRequestsPerHour()),
                Units.usd(t.withoutBackup().usd()),
                Units.ratio(t.ratio(false)),
                Units.number(t.breakEvenWithoutBackup()),
                t.withBackup().serveInvocations(),
                t.withBackup().serveGbSeconds(),
                t.withBackup().warmups(),
                t.withBackup().backups());
        out.printf(
                Locale.ROOT,
                "  Cost per hour with backup (and the get latency added, mean, at a %s warm invoke) by idle linger:%n",
                Units.millis(t.warmInvokeMs()));
        List<Double> rates = List.of(100.0, 1e3, 1e4, 1e5, 1e6, 1e7);
        int labelWidth = 16;
        for (CostCurve curve : t.lingerCurves()) {
            labelWidth = Math.max(labelWidth, curve.policy().label().length());
        }
        String labelFormat = "  %-" + labelWidth + "s";
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, labelFormat, "requests/hour"));
        for (double r : rates) {
            header.append(String.format(Locale.ROOT, " %18s", Units.number(r)));
        }
        out.println(header.append(String.format(Locale.ROOT, " %14s", "break-even")));
        for (CostCurve curve : t.lingerCurves()) {
            StringBuilder row = new StringBuilder(
                    String.format(Locale.ROOT, labelFormat, curve.policy().label()));
            for (double r : rates) {
                CostCurve.Point p = curve.nearest(r);
                row.append(String.format(
                        Locale.ROOT,
                        " %18s",
                        String.format(
                                Locale.ROOT,
                                "%s +%.1fms",
                                Units.usd(p.usdPerHour()),
                                p.invokedShare() * t.warmInvokeMs())));
            }
            out.println(
                    row.append(String.format(Locale.ROOT, " %14s", Units.number(curve.breakEvenRequestsPerHour()))));
        }
        out.printf(
                Locale.ROOT,
                "  ElastiCache %s at any rate; the compressed meter's figures above are a lower bound%n",
                Units.hourly(t.elastiCacheUsdPerHour()));
    }
}
