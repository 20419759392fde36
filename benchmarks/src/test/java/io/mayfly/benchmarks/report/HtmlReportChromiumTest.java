package io.mayfly.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.mayfly.benchmarks.trace.TraceShape;
import java.nio.file.Files;
import java.nio.file.Path;
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
