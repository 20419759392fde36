package io.mayfly.benchmarks.availability;

import io.mayfly.benchmarks.report.Html;
import io.mayfly.benchmarks.report.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The availability runs as one self-contained page: availability per simulated hour, a line per
 * configuration and reclaim rate, beside InfiniCache's figures, and the summary table. Inline SVG
 * only: the page loads nothing from the network.
 */
final class AvailabilityHtml {

    private AvailabilityHtml() {}

    static String page(List<RunResult> runs) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Mayfly availability</title><style>")
                .append("body{font:14px/1.4 sans-serif;margin:2em;max-width:72em}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append("svg.chart{display:block;margin:0.5em 0 1.5em}svg text{font-size:12px;fill:#333}")
                .append(".grid{stroke:#e5e5e5}.axis{stroke:#333}")
                .append("</style></head><body>\n<h1>Mayfly availability under instance reclaims</h1>\n");
        h.append("<p>Share of reads of previously written values that returned them, per simulated hour. ")
                .append("InfiniCache (FAST '20) reports ")
                .append(percent(AvailabilityReport.INFINICACHE_WITH_BACKUP))
                .append(" per hour with backup and ")
                .append(percent(AvailabilityReport.INFINICACHE_WITHOUT_BACKUP))
                .append(" without.</p>\n");
        List<SvgChart.Series> series = new ArrayList<>();
        for (RunResult run : runs) {
            List<double[]> points = new ArrayList<>();
            for (RunResult.HourRow hour : run.hours()) {
                double a = hour.availability();
                if (!Double.isNaN(a)) {
                    // A step across the hour it covers: a one-hour run still draws a line.
                    points.add(new double[] {hour.hour(), 100 * a});
                    points.add(new double[] {hour.hour() + 1, 100 * a});
                }
            }
            series.add(new SvgChart.Series(label(run), points));
        }
        h.append(SvgChart.lines(
                "availability-per-hour",
                "simulated hours",
                "available reads (%)",
                false,
                series,
                x -> String.format(Locale.ROOT, "%.0f", x),
                y -> String.format(Locale.ROOT, "%.0f%%", y)));
        h.append("<table><tr><th class=\"l\">configuration</th><th>reclaims / instance-hour</th>")
                .append(
                        "<th>reads</th><th>available</th><th>worst hour</th><th>values lost</th><th>wrong bytes</th></tr>\n");
        for (RunResult run : runs) {
            h.append("<tr><td class=\"l\">")
                    .append(Html.escape(run.spec().mechanisms().description()))
                    .append("</td><td>")
                    .append(AvailabilityReport.number(run.spec().reclaimsPerInstanceHour()))
                    .append("</td><td>")
                    .append(run.reads())
                    .append("</td><td>")
                    .append(percent(run.availability()))
                    .append("</td><td>")
                    .append(percent(run.worstHour()))
                    .append("</td><td>")
                    .append(run.lost())
                    .append("</td><td>")
                    .append(run.wrong())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n").append(SvgChart.RENDER_CHECK_SCRIPT).append("</body></html>\n");
        return h.toString();
    }

    private static String label(RunResult run) {
        return run.spec().mechanisms().description() + " @ "
                + AvailabilityReport.number(run.spec().reclaimsPerInstanceHour()) + "/h";
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }
}
