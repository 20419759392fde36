package io.mayfly.benchmarks.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mayfly.benchmarks.trace.Operation;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceRecord;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static final ElastiCacheNodeType R5_24XLARGE =
            ElastiCachePriceTable.bundled().row(ElastiCachePriceTable.DEFAULT_NODE);

    @Test
    void oneR5_24xlargeFor50HoursIsThePapers518_40() {
        assertThat(R5_24XLARGE.memoryGib()).isEqualTo(635.61);
        assertThat(R5_24XLARGE.usdPerHour()).isEqualTo(10.368);
        ElastiCacheCostModel elastiCache = new ElastiCacheCostModel(R5_24XLARGE);
        assertThat(elastiCache.usd(600L << 30, 50)).isCloseTo(518.40, within(1e-9));
    }

    @Test
    void elastiCacheBuysEnoughNodesForTheBytes() {
        ElastiCacheCostModel elastiCache = new ElastiCacheCostModel(R5_24XLARGE);
        long node = R5_24XLARGE.memoryBytes();
        assertThat(elastiCache.nodesFor(1)).isEqualTo(1);
        assertThat(elastiCache.nodesFor(node)).isEqualTo(1);
        assertThat(elastiCache.nodesFor(node + 1)).isEqualTo(2);
        assertThat(elastiCache.usd(3 * node, 50)).isCloseTo(3 * 518.40, within(1e-9));
    }

    @Test
    void lambdaPricesPerArchitecture() {
        assertThat(LambdaPrices.X86_64.invocationUsd(1000, 1024)).isCloseTo(0.0000166667 + 0.0000002, within(1e-15));
        assertThat(LambdaPrices.ARM64.invocationUsd(1000, 1024)).isCloseTo(0.0000133334 + 0.0000002, within(1e-15));
        assertThat(LambdaPrices.X86_64.usd(new LambdaBilling(1000, 1_000_000, "metered")))
                .isCloseTo(0.0166667 + 0.20, within(1e-12));
    }

    @Test
    void paperDeploymentFixedAndPerRequestCosts() {
        MayflyCostModel mayfly = new MayflyCostModel(MayflyDeployment.paper(), LambdaPrices.X86_64);
        double warmup = 0.1 * 1.5 * 0.0000166667 + 0.0000002;
        // 400 functions warmed 60 times an hour.
        assertThat(mayfly.warmupUsdPerHour()).isCloseTo(400 * 60 * warmup, within(1e-12));
        double backup = 1.842 * 1.5 * 0.0000166667 + 0.0000002;
        assertThat(mayfly.backupUsdPerHour()).isCloseTo(400 * 12 * backup, within(1e-12));
        // 50 hours without requests: warm-up alone is the paper's order of $3.
        assertThat(mayfly.fixedUsdPerHour(false) * 50).isCloseTo(3.24, within(0.01));
        // The calibrated backup adds the paper's $11.10 over 50 hours ($16.51 - $5.41).
        assertThat(mayfly.backupUsdPerHour() * 50).isCloseTo(11.10, within(0.01));
        LambdaBilling oneRequest = mayfly.requestBilling(100 << 20);
        assertThat(oneRequest.requests()).isEqualTo(12);
        assertThat(mayfly.usd(oneRequest)).isCloseTo(12 * warmup, within(1e-15));
    }

    @Test
    void breakEvenIsWhereMayflysHourlyCostReachesElastiCaches() {
        MayflyCostModel mayfly = new MayflyCostModel(MayflyDeployment.paper(), LambdaPrices.X86_64);
        Trace trace = trace(1000, Duration.ofHours(50), 50L << 20);
        CostComparison c =
                CostComparison.of(trace, 50, 600L << 30, mayfly, new ElastiCacheCostModel(R5_24XLARGE), null);
        double perRequest = 12 * (0.1 * 1.5 * 0.0000166667 + 0.0000002);
        assertThat(c.usdPerRequest()).isCloseTo(perRequest, within(1e-15));
        double breakEven = c.breakEvenRequestsPerHour(true);
        assertThat(breakEven).isCloseTo((10.368 - mayfly.fixedUsdPerHour(true)) / perRequest, within(1e-6));
        // At that rate the hourly bills are equal.
        assertThat(mayfly.fixedUsdPerHour(true) + breakEven * perRequest).isCloseTo(10.368, within(1e-9));
        // The paper: more expensive than ElastiCache above about 312K requests per hour.
        assertThat(breakEven).isCloseTo(312_000, within(312_000 * 0.02));
        assertThat(c.breakEvenRequestsPerHour(false)).isGreaterThan(breakEven);
    }

    @Test
    void comparisonProjectsToTheTracesRealDuration() {
        MayflyCostModel mayfly = new MayflyCostModel(MayflyDeployment.paper(), LambdaPrices.X86_64);
        Trace trace = trace(500, Duration.ofHours(10), 50L << 20);
        CostComparison c = CostComparison.of(trace, 50, 1L << 30, mayfly, new ElastiCacheCostModel(R5_24XLARGE), null);
        assertThat(c.elastiCacheUsd()).isCloseTo(518.40, within(1e-9));
        double serving = 500 * 12 * (0.1 * 1.5 * 0.0000166667 + 0.0000002);
        assertThat(c.servingUsd()).isCloseTo(serving, within(1e-12));
        assertThat(c.mayflyUsd(true)).isCloseTo(mayfly.fixedUsdPerHour(true) * 50 + serving, within(1e-9));
        assertThat(c.costRatio(false)).isCloseTo(518.40 / (mayfly.fixedUsdPerHour(false) * 50 + serving), within(1e-9));
        assertThat(c.requestsPerHour()).isCloseTo(10, within(1e-9));
        List<CostComparison.Point> points = c.overTime();
        assertThat(points.get(0).elastiCacheUsd()).isZero();
        CostComparison.Point last = points.get(points.size() - 1);
        assertThat(last.hours()).isEqualTo(50);
        assertThat(last.elastiCacheUsd()).isCloseTo(c.elastiCacheUsd(), within(1e-9));
        assertThat(last.mayflyUsdWithBackup()).isCloseTo(c.mayflyUsd(true), within(1e-9));
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).mayflyUsdWithoutBackup())
                    .isGreaterThanOrEqualTo(points.get(i - 1).mayflyUsdWithoutBackup());
        }
    }

    @Test
    void meteredBillingReplacesTheModelledOne() {
        MayflyCostModel mayfly = new MayflyCostModel(MayflyDeployment.paper(), LambdaPrices.ARM64);
        Trace trace = trace(100, Duration.ofHours(1), 1L << 20);
        CostComparison c = CostComparison.of(
                trace,
                1,
                1L << 30,
                mayfly,
                new ElastiCacheCostModel(R5_24XLARGE),
                new LambdaBilling(360, 1200, "metered"));
        assertThat(c.serving().source()).isEqualTo("metered");
        assertThat(c.servingUsd()).isCloseTo(360 * 0.0000133334 + 1200 * 0.0000002, within(1e-12));
    }

    @Test
    void valuesBelowTheFunctionThresholdInvokeNoFunction() {
        MayflyDeployment d = MayflyDeployment.paper();
        MayflyCostModel mayfly = new MayflyCostModel(
                new MayflyDeployment(
                        d.poolFunctions(),
                        d.functionMemoryMb(),
                        d.dataShards(),
                        d.parityShards(),
                        d.requestBilledMs(),
                        d.warmupIntervalMinutes(),
                        d.warmupBilledMs(),
                        d.backupIntervalMinutes(),
                        d.backupBilledMs(),
                        1 << 20),
                LambdaPrices.X86_64);
        assertThat(mayfly.requestBilling(1000).requests()).isZero();
        assertThat(mayfly.requestBilling(1 << 20).requests()).isEqualTo(12);
    }

    @Test
    void priceTableRowsAreCheckedAndNamed() throws IOException {
        ElastiCachePriceTable table = ElastiCachePriceTable.read(
                "prices.csv", new StringReader("name,memory_gib,usd_per_hour\ncache.t,1.5,0.02\n"));
        assertThat(table.row("cache.t").memoryGib()).isEqualTo(1.5);
        assertThatThrownBy(() -> table.row("cache.x"))
                .hasMessageContaining("cache.x")
                .hasMessageContaining("cache.t");
        assertThatThrownBy(() -> ElastiCachePriceTable.read("prices.csv", new StringReader("a,b\n")))
                .hasMessageContaining("prices.csv line 1");
        assertThatThrownBy(() -> ElastiCachePriceTable.read("prices.csv", new StringReader("a,x,1\n")))
                .hasMessageContaining("must be numbers");
    }

    @Test
    void invalidDeploymentsAreRefused() {
        assertThatThrownBy(() -> new MayflyDeployment(10, 64, 10, 2, 100, 1, 100, 5, 1842, 0))
                .hasMessageContaining("128-10240 MB");
        assertThatThrownBy(() -> new MayflyDeployment(10, 1536, 10, 2, 100, 1, 100, 5, 1842, 0))
                .hasMessageContaining("k+r <= pool-functions");
    }

    private static Trace trace(int requests, Duration duration, long size) {
        List<TraceRecord> records = new ArrayList<>();
        long step = duration.toNanos() / 1000 / requests;
        for (int i = 0; i < requests; i++) {
            records.add(new TraceRecord(i * step, Operation.GET, "k" + (i % 10), size));
        }
        return new Trace("test", records, duration);
    }
}
