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
import io.mayfly.benchmarks.trace.SyntheticTraceSpec;
import io.mayfly.benchmarks.trace.TraceShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The comparison as one self-contained HTML page: tables, a latency CDF per size class with a
 * line per target, cumulative cost over the trace's real time, and the cost ratio. The charts
 * are inline SVG; a few lines of inline script mark each chart {@code data-rendered="true"} once
 * the browser has laid out all its marks (what the headless-browser test reads). Nothing is
 * fetched when the page opens.
 */
public final class HtmlReport {
    private static final int MAX_CDF_POINTS = 400;

    private HtmlReport() {}

    public static void write(ComparisonReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    /** The ids of the charts the page holds, in order (for tests and for the page's own check). */
    public static List<String> chartIds(ComparisonReport report) {
        List<String> ids = new ArrayList<>();
        for (SizeClass c : SizeClass.values()) {
            if (report.results().stream().anyMatch(r -> r.getHits(c).count() > 0)) {
                ids.add("cdf-" + c.name().toLowerCase(Locale.ROOT));
            }
        }
        ids.add("cost-over-time");
        ids.add("cost-ratio");
        if (report.traceTime() != null) {
            ids.add("cost-vs-rate");
        }
        return ids;
    }

    static String render(ComparisonReport report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Mayfly load comparison</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append("svg.chart{display:block;margin:0.5em 0 1.5em}svg text{font-size:12px;fill:#333}")
                .append(".grid{stroke:#e5e5e5}.axis{stroke:#333}.big{font-size:1.4em}")
                .append("</style></head><body>\n");
        h.append("<h1>Mayfly load comparison</h1>\n");
        trace(report, h);
        results(report, h);
        latency(report, h);
        cost(report, h);
        if (report.traceTime() != null) {
            costVersusRate(report, h);
        }
        h.append(SvgChart.RENDER_CHECK_SCRIPT).append("</body></html>\n");
        return h.toString();
    }

    private static void trace(ComparisonReport report, StringBuilder h) {
        TraceShape s = report.shape();
        h.append("<h2>Workload</h2><p>")
                .append(Html.escape(report.trace().description()))
                .append("; footprint ")
                .append(Units.bytes(report.trace().peakFootprintBytes()))
                .append(", time compression ")
                .append(report.timeCompression() == 0 ? "none (unpaced)" : Units.number(report.timeCompression()) + "x")
                .append(".</p>\n<table><tr><th class=\"l\">trace fact</th><th>this trace</th><th class=\"l\">paper")
                .append(" (IBM Docker registry)</th></tr>\n");
        row(
                h,
                "size span",
                Units.bytes(s.minObjectBytes()) + " .. " + Units.bytes(s.maxObjectBytes()) + ", " + s.sizeDecades()
                        + " decades",
                "9 orders of magnitude");
        row(h, "large objects (over 10 MB)", pct(s.largeObjectFraction()), "20%");
        row(h, "bytes in large objects", pct(s.largeBytesShare()), "~95%");
        row(h, "large objects read 10+ times", pct(s.largeRead10Fraction()), "over 30%");
        row(h, "re-read large objects read again within an hour", pct(s.largeReuseWithinHour()), "35-45%");
        h.append("</table>\n");
        if (!report.traceParameters().isEmpty()) {
            h.append("<details><summary>Generator parameters and their sources</summary><table><tr><th class=\"l\">")
                    .append("option</th><th>value</th><th class=\"l\">source</th></tr>\n");
            for (SyntheticTraceSpec.Parameter p : report.traceParameters()) {
                row(h, "--" + p.name(), p.value(), p.source());
            }
            h.append("</table></details>\n");
        }
    }

    private static void results(ComparisonReport report, StringBuilder h) {
        h.append("<h2>Results per target</h2>\n<table><tr><th class=\"l\">target</th><th>requests</th><th>wall s</th>")
                .append("<th>req/s</th><th>hit ratio</th><th>bytes stored</th><th>server memory</th>")
                .append("<th>wrong values</th><th class=\"l\">what ran</th></tr>\n");
        for (TargetResult r : report.results()) {
            h.append("<tr><td class=\"l\">")
                    .append(Html.escape(r.target()))
                    .append("</td><td>")
                    .append(r.requests())
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.wallNanos() / 1e9))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.requestsPerSecond()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", r.hitRatio()))
                    .append("</td><td>")
                    .append(Units.bytes(r.storedBytes()))
                    .append("</td><td>")
                    .append(r.reportedMemoryBytes() < 0 ? "-" : Units.bytes(r.reportedMemoryBytes()))
                    .append("</td><td>")
                    .append(r.wrongValues())
                    .append("</td><td class=\"l\">")
                    .append(Html.escape(r.description()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<table><tr><th class=\"l\">size class</th><th class=\"l\">target</th><th>GET hits</th>")
                .append("<th>p50</th><th>p99</th><th>max</th><th>MiB/s</th><th>PUTs</th><th>p50</th><th>p99</th>")
                .append("<th>max</th></tr>\n");
        for (SizeClass c : SizeClass.values()) {
            for (TargetResult r : report.results()) {
                ClassStats g = r.getHits(c);
                ClassStats p = r.puts(c);
                if (g.count() == 0 && p.count() == 0) {
                    continue;
                }
                h.append("<tr><td class=\"l\">")
                        .append(Html.escape(c.label()))
                        .append("</td><td class=\"l\">")
                        .append(Html.escape(r.target()))
                        .append("</td><td>")
                        .append(g.count())
                        .append("</td><td>")
                        .append(Units.micros(g.percentileMicros(50)))
                        .append("</td><td>")
                        .append(Units.micros(g.percentileMicros(99)))
                        .append("</td><td>")
                        .append(Units.micros(g.maxMicros()))
                        .append("</td><td>")
                        .append(
                                g.count() == 0
                                        ? "-"
                                        : String.format(Locale.ROOT, "%.1f", g.bytesPerSecond() / (1 << 20)))
                        .append("</td><td>")
                        .append(p.count())
                        .append("</td><td>")
                        .append(Units.micros(p.percentileMicros(50)))
                        .append("</td><td>")
                        .append(Units.micros(p.percentileMicros(99)))
                        .append("</td><td>")
                        .append(Units.micros(p.maxMicros()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
        if (report.results().size() > 1) {
            TargetResult base = report.results().get(0);
            h.append("<table><tr><th class=\"l\">GET hits, size class</th><th class=\"l\">target / ")
                    .append(Html.escape(base.target()))
                    .append("</th><th>p50 ratio</th><th>throughput ratio</th></tr>\n");
            for (SizeClass c : SizeClass.values()) {
                for (TargetResult r :
                        report.results().subList(1, report.results().size())) {
                    ClassStats a = r.getHits(c);
                    ClassStats b = base.getHits(c);
                    if (a.count() > 0 && b.count() > 0) {
                        h.append("<tr><td class=\"l\">")
                                .append(Html.escape(c.label()))
                                .append("</td><td class=\"l\">")
                                .append(Html.escape(r.target()))
                                .append("</td><td>")
                                .append(String.format(
                                        Locale.ROOT, "%.2f", a.percentileMicros(50) / b.percentileMicros(50)))
                                .append("</td><td>")
                                .append(String.format(Locale.ROOT, "%.2f", a.bytesPerSecond() / b.bytesPerSecond()))
                                .append("</td></tr>\n");
                    }
                }
            }
            h.append("</table>\n");
        }
    }

    private static void latency(ComparisonReport report, StringBuilder h) {
        h.append("<h2>GET latency (hits), cumulative distribution per size class</h2>\n");
        for (SizeClass c : SizeClass.values()) {
            List<SvgChart.Series> series = new ArrayList<>();
            for (TargetResult r : report.results()) {
                if (r.getHits(c).count() > 0) {
                    series.add(new SvgChart.Series(r.target(), cdf(r.getHits(c).latencyNanos())));
                }
            }
            if (series.isEmpty()) {
                continue;
            }
            h.append("<h3>").append(Html.escape(c.label())).append("</h3>\n");
            h.append(SvgChart.lines(
                            "cdf-" + c.name().toLowerCase(Locale.ROOT),
                            "latency",
                            "fraction of GETs",
                            true,
                            series,
                            Units::micros,
                            v -> String.format(Locale.ROOT, "%.1f", v)))
                    .append('\n');
        }
    }

    /** (latency in microseconds, fraction at or below it), one step per recorded value. */
    private static List<double[]> cdf(Histogram histogram) {
        List<double[]> points = new ArrayList<>();
        double total = histogram.getTotalCount();
        long seen = 0;
        double previousFraction = 0;
        for (HistogramIterationValue v : histogram.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            double us = histogram.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0;
            points.add(new double[] {us, previousFraction});
            previousFraction = seen / total;
            points.add(new double[] {us, previousFraction});
        }
        if (points.size() > MAX_CDF_POINTS) {
            List<double[]> thinned = new ArrayList<>();
            int stride = (int) Math.ceil(points.size() / (double) MAX_CDF_POINTS);
            for (int i = 0; i < points.size(); i += stride) {
                thinned.add(points.get(i));
            }
            thinned.add(points.get(points.size() - 1));
            return thinned;
        }
        return points;
    }

    private static void cost(ComparisonReport report, StringBuilder h) {
        CostComparison c = report.cost();
        var node = report.elastiCache().node();
        var d = report.mayfly().deployment();
        h.append("<h2>Cost over the trace's ")
                .append(Units.number(c.hours()))
                .append(" hours</h2>\n")
                .append("<p class=\"big\">ElastiCache costs <b>")
                .append(Units.ratio(c.costRatio(true)))
                .append("</b> Mayfly with backup and <b>")
                .append(Units.ratio(c.costRatio(false)))
                .append("</b> Mayfly without backup (paper: 31x and 96x).</p>\n");
        h.append("<table><tr><th class=\"l\">item</th><th>value</th></tr>\n");
        row(
                h,
                "ElastiCache",
                c.elastiCacheNodes() + " x " + node.name() + " (" + node.memoryGib() + " GiB, "
                        + Units.hourly(node.usdPerHour()) + ") holding " + Units.bytes(c.footprintBytes()) + ": "
                        + Units.usd(c.elastiCacheUsd()));
        row(
                h,
                "Mayfly deployment",
                d.poolFunctions() + " functions x " + d.functionMemoryMb() + " MB "
                        + report.mayfly().prices().architecture() + ", RS(" + d.dataShards() + "+" + d.parityShards()
                        + "), warm-up every " + Units.number(d.warmupIntervalMinutes()) + " min, backup every "
                        + Units.number(d.backupIntervalMinutes()) + " min");
        FixedCostSources f = report.fixedCosts();
        MayflyDeployment paper = MayflyDeployment.paper();
        row(
                h,
                "Warm-up billed per invocation: " + f.warmup(),
                Units.millis(d.warmupBilledMs()) + " (paper-calibrated default " + Units.millis(paper.warmupBilledMs())
                        + ")");
        row(
                h,
                "Backup billed per invocation: " + f.backup(),
                Units.millis(d.backupBilledMs()) + " (paper-calibrated default " + Units.millis(paper.backupBilledMs())
                        + ")");
        KeepAliveMeasurement m = f.measured();
        if (m != null) {
            row(
                    h,
                    "Keep-alive measured on " + m.target() + " (" + m.functionMemoryMb() + " MB functions)",
                    "warm-up " + Units.millis(m.warmupMeanMs()) + " (" + m.warmups() + " invocations), delta-sync"
                            + " backup " + Units.millis(m.backupMeanMs()) + " (" + m.backups()
                            + ", used), first full-copy"
                            + " backup " + Units.millis(m.fullBackupMeanMs()) + " (" + m.fullBackups()
                            + ", upper bound)"
                            + (m.note().isEmpty() ? "" : "; " + m.note()));
        }
        row(
                h,
                "Mayfly request billing used: " + c.serving().source(),
                String.format(
                                Locale.ROOT,
                                "%.4g GB-s, %d invocations: %s",
                                c.serving().gbSeconds(),
                                c.serving().requests(),
                                Units.usd(c.servingUsd()))
                        + (c.serving().metered()
                                ? " (meter after the replay minus before,"
                                        + " running invocations billed to the reading, warm-ups and backups of the run included)"
                                : ""));
        row(
                h,
                "Mayfly with backup",
                Units.usd(c.mayflyUsd(true)) + " (fixed " + Units.hourly(c.fixedUsdPerHourWithBackup()) + ")");
        row(
                h,
                "Mayfly without backup",
                Units.usd(c.mayflyUsd(false)) + " (fixed " + Units.hourly(c.fixedUsdPerHourWithoutBackup()) + ")");
        row(h, "trace request rate", Units.number(c.requestsPerHour()) + " requests/hour");
        row(
                h,
                "ElastiCache is cheaper above",
                Units.number(c.breakEvenRequestsPerHour(true))
                        + " requests/hour with backup, " + Units.number(c.breakEvenRequestsPerHour(false))
                        + " without, at " + Units.usd(c.usdPerRequest()) + " per request ("
                        + c.serving().source()
                        + "; paper: ~312K)");
        h.append("</table>\n");
        h.append("<h3>Request billing by source</h3>\n<table><tr><th class=\"l\">source</th><th>GB-s</th>")
                .append("<th>invocations</th><th>USD</th><th>ratio with backup</th><th>ratio without</th>")
                .append("<th>ElastiCache cheaper above (req/hour, with backup)</th></tr>\n");
        for (CostComparison x : report.costs()) {
            h.append("<tr><td class=\"l\">")
                    .append(Html.escape(x.serving().source()))
                    .append(x == c ? " (used)" : " (cross-check)")
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4g", x.serving().gbSeconds()))
                    .append("</td><td>")
                    .append(x.serving().requests())
                    .append("</td><td>")
                    .append(Units.usd(x.servingUsd()))
                    .append("</td><td>")
                    .append(Units.ratio(x.costRatio(true)))
                    .append("</td><td>")
                    .append(Units.ratio(x.costRatio(false)))
                    .append("</td><td>")
                    .append(Units.number(x.breakEvenRequestsPerHour(true)))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h3>Cumulative cost</h3>\n");
        List<double[]> ec = new ArrayList<>();
        List<double[]> withBackup = new ArrayList<>();
        List<double[]> withoutBackup = new ArrayList<>();
        for (CostComparison.Point p : c.overTime()) {
            ec.add(new double[] {p.hours(), p.elastiCacheUsd()});
            withBackup.add(new double[] {p.hours(), p.mayflyUsdWithBackup()});
            withoutBackup.add(new double[] {p.hours(), p.mayflyUsdWithoutBackup()});
        }
        h.append(SvgChart.lines(
                        "cost-over-time",
                        "hours of trace",
                        "USD",
                        false,
                        List.of(
                                new SvgChart.Series("ElastiCache", ec),
                                new SvgChart.Series("Mayfly, backup", withBackup),
                                new SvgChart.Series("Mayfly, no backup", withoutBackup)),
                        Units::number,
                        Units::usd))
                .append('\n');
        h.append("<h3>Total cost, this run beside the paper's 50-hour trace</h3>\n");
        h.append(SvgChart.bars(
                        "cost-ratio",
                        "USD (log scale)",
                        List.of(
                                "ElastiCache (this run)",
                                "Mayfly with backup (this run)",
                                "Mayfly without backup (this run)",
                                "ElastiCache (paper)",
                                "InfiniCache with backup (paper)",
                                "InfiniCache without backup (paper)"),
                        List.of(
                                c.elastiCacheUsd(),
                                c.mayflyUsd(true),
                                c.mayflyUsd(false),
                                ComparisonReport.PAPER_ELASTICACHE_USD,
                                ComparisonReport.PAPER_MAYFLY_BACKUP_USD,
                                ComparisonReport.PAPER_MAYFLY_NO_BACKUP_USD),
                        List.of(
                                SvgChart.COLOURS[0],
                                SvgChart.COLOURS[1],
                                SvgChart.COLOURS[2],
                                "#e8a0a0",
                                "#9fc0e0",
                                "#a8d8a8"),
                        Units::usd))
                .append('\n');
    }

    /** Rates of the cost table: every decade from 100 to 10M requests per hour. */
    private static final List<Double> TABLE_RATES = List.of(100.0, 1e3, 1e4, 1e5, 1e6, 1e7);

    /**
     * Cost per hour against request rate on the trace's clock (the simulator): the chosen policy
     * and the old 30 s linger, with and without backup, beside ElastiCache; break-even rates marked.
     */
    private static void costVersusRate(ComparisonReport report, StringBuilder h) {
        TraceTimeCost t = Objects.requireNonNull(report.traceTime(), "drawn only with a trace-time cost");
        h.append("<h2>Cost per hour against request rate (on the trace's clock)</h2>\n<p class=\"big\">")
                .append(Html.escape(TextReport.traceTimeLine(report)))
                .append("</p>\n<p>The simulator replays which functions served each request of the embedded")
                .append(" replay, on the trace's clock sped up to each rate; every policy bills")
                .append(" the same requests. The meter's figures above are a lower bound when the replay")
                .append(" compresses time.</p>\n");
        List<CostCurve> curves = t.chartCurves();
        List<SvgChart.Series> series = new ArrayList<>();
        List<SvgChart.Marker> markers = new ArrayList<>();
        double lo = curves.get(0).points().get(0).requestsPerHour();
        double hi =
                curves.get(0).points().get(curves.get(0).points().size() - 1).requestsPerHour();
        for (CostCurve c : curves) {
            List<double[]> points = new ArrayList<>();
            for (CostCurve.Point p : c.points()) {
                points.add(new double[] {p.requestsPerHour(), p.usdPerHour()});
            }
            String name = curveName(c);
            series.add(new SvgChart.Series(name, points));
            double b = c.breakEvenRequestsPerHour();
            if (b >= lo && b <= hi) {
                markers.add(new SvgChart.Marker(
                        name + " = ElastiCache at " + Units.number(b), b, t.elastiCacheUsdPerHour()));
            }
        }
        series.add(new SvgChart.Series(
                "ElastiCache",
                List.of(new double[] {lo, t.elastiCacheUsdPerHour()}, new double[] {hi, t.elastiCacheUsdPerHour()})));
        h.append(SvgChart.lines(
                        "cost-vs-rate",
                        "requests per hour (log scale)",
                        "USD per hour (log scale)",
                        true,
                        true,
                        series,
                        markers,
                        Units::number,
                        Units::usd))
                .append('\n');
        h.append("<table id=\"cost-vs-rate-table\"><tr><th>requests/hour</th>");
        for (CostCurve c : curves) {
            h.append("<th>").append(Html.escape(curveName(c))).append("</th>");
        }
        h.append("<th>ElastiCache</th></tr>\n");
        for (double rate : TABLE_RATES) {
            h.append("<tr><td>").append(Units.number(rate)).append("</td>");
            for (CostCurve c : curves) {
                h.append("<td>").append(Units.usd(c.nearest(rate).usdPerHour())).append("</td>");
            }
            h.append("<td>").append(Units.usd(t.elastiCacheUsdPerHour())).append("</td></tr>\n");
        }
        h.append("<tr><td>break-even</td>");
        for (CostCurve c : curves) {
            h.append("<td>").append(Units.number(c.breakEvenRequestsPerHour())).append("</td>");
        }
        h.append("<td></td></tr>\n</table>\n");
    }

    private static String curveName(CostCurve c) {
        return "Mayfly " + c.policy().label() + (c.backup() ? ", backup" : ", no backup");
    }

    private static void row(StringBuilder h, String... cells) {
        h.append("<tr>");
        for (int i = 0; i < cells.length; i++) {
            h.append(i == 0 || i == 2 ? "<td class=\"l\">" : "<td>")
                    .append(Html.escape(cells[i]))
                    .append("</td>");
        }
        h.append("</tr>\n");
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }
}
