package io.mayfly.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.benchmarks.billing.BillingSimulator;
import io.mayfly.benchmarks.billing.ReturnPolicy;
import io.mayfly.benchmarks.billing.ServedRequest;
import io.mayfly.benchmarks.billing.ServiceLog;
import io.mayfly.benchmarks.billing.TraceTimeCost;
import io.mayfly.benchmarks.cost.CostComparison;
import io.mayfly.benchmarks.cost.ElastiCacheCostModel;
import io.mayfly.benchmarks.cost.ElastiCachePriceTable;
import io.mayfly.benchmarks.cost.FixedCostSources;
import io.mayfly.benchmarks.cost.LambdaPrices;
import io.mayfly.benchmarks.cost.MayflyCostModel;
import io.mayfly.benchmarks.cost.MayflyDeployment;
import io.mayfly.benchmarks.load.Replay;
import io.mayfly.benchmarks.load.TargetResult;
import io.mayfly.benchmarks.testing.HeadlessChromium;
import io.mayfly.benchmarks.testing.MapTarget;
import io.mayfly.benchmarks.trace.SyntheticTraceGenerator;
import io.mayfly.benchmarks.trace.SyntheticTraceSpec;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceRecord;
import io.mayfly.benchmarks.trace.TraceShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opens the generated report in headless Chromium and checks that every chart drew all its marks. */
class HtmlReportChromiumTest {

    @Test
    void everyChartRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        ComparisonReport report = smallReport();
        Path html = dir.resolve("report.html");
        HtmlReport.write(report, html);
        String page = Files.readString(html);
        // Self-contained: no URL at all, so nothing can be fetched when the page opens.
        assertThat(page.contains("http://") || page.contains("https://"))
                .as("page names a URL")
                .isFalse();
        assertThat(Pattern.compile("<(script|img|link|iframe)[^>]+(src|href)=")
                        .matcher(page)
                        .find())
                .as("page loads an external resource")
                .isFalse();

        Map<String, Map<String, String>> charts = HeadlessChromium.renderedCharts(html, dir);

        List<String> expected = HtmlReport.chartIds(report);
        assertThat(expected).contains("cost-over-time", "cost-ratio").hasSizeGreaterThan(4);
        assertThat(charts.keySet()).containsExactlyElementsOf(expected);
        charts.forEach((id, attributes) -> {
            assertThat(attributes.get("data-rendered"))
                    .as("chart %s rendered (%s)", id, attributes)
                    .isEqualTo("true");
            assertThat(attributes.get("data-drawn"))
                    .as("chart %s marks drawn", id)
                    .isEqualTo(attributes.get("data-series"));
        });
        // Each latency CDF holds a line per target; the cost chart three; the ratio chart six bars.
        assertThat(charts.get("cost-over-time").get("data-series")).isEqualTo("3");
        assertThat(charts.get("cost-ratio").get("data-series")).isEqualTo("6");
        charts.entrySet().stream()
                .filter(e -> e.getKey().startsWith("cdf-"))
                .forEach(e -> assertThat(e.getValue().get("data-series")).isEqualTo("2"));
    }

    @Test
    void theCostAgainstRateChartDrawsFiveLinesAndTheBreakEvenMarks(@TempDir Path dir) throws Exception {
        ComparisonReport small = smallReport();
        // Each request for a value of 1 MiB or more woke all 12 functions for 20 ms.
        List<ServedRequest> served = new ArrayList<>();
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        // Each request under its own key, so the paper's 400 functions all take part and a long
        // linger saturates them past ElastiCache's price within the chart's range.
        for (TraceRecord r : small.trace().records()) {
            served.add(new ServedRequest(
                    r.timestampMicros(),
                    20_000_000L,
                    r.key() + "#" + served.size(),
                    r.sizeBytes() >= 1 << 20 ? all : new int[0]));
        }
        ServiceLog log = new ServiceLog(12, small.trace().duration().toNanos() / 1000, served);
        BillingSimulator simulator = new BillingSimulator(log, small.mayfly().deployment(), LambdaPrices.X86_64);
        TraceTimeCost traceTime = TraceTimeCost.of(
                simulator,
                ReturnPolicy.linger(10),
                small.elastiCache().usdPerHour(small.cost().footprintBytes()));
        ComparisonReport report = new ComparisonReport(
                small.trace(),
                small.traceParameters(),
                small.shape(),
                small.results(),
                small.costs(),
                small.mayfly(),
                small.fixedCosts(),
                small.elastiCache(),
                small.timeCompression(),
                traceTime);
        Path html = dir.resolve("report.html");
        HtmlReport.write(report, html);
        String page = Files.readString(html);
        assertThat(page).contains("trace-time: Mayfly").contains("id=\"cost-vs-rate-table\"");

        Map<String, Map<String, String>> charts = HeadlessChromium.renderedCharts(html, dir);

        assertThat(HtmlReport.chartIds(report)).endsWith("cost-vs-rate");
        long marks = traceTime.chartCurves().stream()
                .filter(c -> c.breakEvenRequestsPerHour() >= 100 && c.breakEvenRequestsPerHour() <= 1e7)
                .count();
        // The 30 s linger meets ElastiCache within the chart's range at least with backup.
        assertThat(marks).isPositive();
        Map<String, String> chart = charts.get("cost-vs-rate");
        assertThat(chart.get("data-series")).isEqualTo(String.valueOf(5 + marks));
        assertThat(chart.get("data-rendered"))
                .as("cost-vs-rate rendered (%s)", chart)
                .isEqualTo("true");
    }

    /** Two in-memory targets replaying a small synthetic trace, and the paper's cost setup. */
    static ComparisonReport smallReport() {
        SyntheticTraceSpec d = SyntheticTraceSpec.defaults();
        SyntheticTraceSpec spec = new SyntheticTraceSpec(
                7,
                d.traceHours(),
                256L << 20,
                d.minObjectBytes(),
                d.largeThresholdBytes(),
                128L << 20,
                d.largeObjectFraction(),
                d.largeBytesShare(),
                d.read10Fraction(),
                d.maxReads(),
                d.reuseWithinHourFraction(),
                d.hotReuseMeanMinutes(),
                d.coldReuseExtraMeanHours());
        Trace trace = new SyntheticTraceGenerator(spec).generate();
        Replay replay = new Replay(0, true, null);
        List<TargetResult> results =
                List.of(replay.run(trace, new MapTarget("first")), replay.run(trace, new MapTarget("second")));
        MayflyCostModel mayfly = new MayflyCostModel(MayflyDeployment.paper(), LambdaPrices.X86_64);
        ElastiCacheCostModel elastiCache =
                new ElastiCacheCostModel(ElastiCachePriceTable.bundled().row(ElastiCachePriceTable.DEFAULT_NODE));
        CostComparison cost =
                CostComparison.of(trace, spec.traceHours(), trace.peakFootprintBytes(), mayfly, elastiCache, null);
        return new ComparisonReport(
                trace,
                spec.parameters(),
                TraceShape.of(trace, spec.largeThresholdBytes()),
                results,
                List.of(cost),
                mayfly,
                FixedCostSources.modelled(),
                elastiCache,
                0);
    }
}
