package io.mayfly.lambda.local.billing;

import io.mayfly.lambda.local.Architecture;
import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.CounterHandler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Duration;
import java.util.List;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BillingMeterTest {

    @Test
    void durationIsRoundedUpToTheGranularity() {
        BillingMeter perMs = new BillingMeter(Duration.ofMillis(1));
        assertThat(perMs.billedMillis(1)).isEqualTo(1);
        assertThat(perMs.billedMillis(1_000_000)).isEqualTo(1);
        assertThat(perMs.billedMillis(1_000_001)).isEqualTo(2);
        assertThat(perMs.billedMillis(0)).isEqualTo(1);

        BillingMeter per100Ms = new BillingMeter(Duration.ofMillis(100));
        assertThat(per100Ms.billedMillis(1)).isEqualTo(100);
        assertThat(per100Ms.billedMillis(100_000_000)).isEqualTo(100);
        assertThat(per100Ms.billedMillis(100_000_001)).isEqualTo(200);
    }

    @Test
    void gbSecondsAndCostFollowLambdasPrices() {
        BillingMeter meter = new BillingMeter(Duration.ofMillis(1));
        // 1,000 ms at 1,024 MB is exactly 1 GB-s.
        meter.record("f", 1024, Architecture.X86_64, "i-1", "r-1", 999_500_000L);
        meter.record("g", 2048, Architecture.ARM64, "i-2", "r-2", 500_000_000L);

        BillingReport report = meter.report();

        assertThat(report.totalRequests()).isEqualTo(2);
        assertThat(report.totalBilledMillis()).isEqualTo(1500);
        assertThat(report.totalGbSeconds()).isCloseTo(2.0, within(1e-12));
        assertThat(report.totalUsd()).isCloseTo(0.0000166667 + 0.0000133334 + 2 * 0.20 / 1_000_000, within(1e-15));
        assertThat(report.instances()).extracting(BillingReport.Line::instanceId).containsExactly("i-1", "i-2");
        assertThat(report.toJson()).contains("\"billedMs\":1500");
        assertThat(report.toString()).contains("total");
    }

    @Test
    void aGranularityThatIsNotWholeMillisecondsIsRefused() {
        assertThatThrownBy(() -> new BillingMeter(Duration.ofNanos(1500)))
                .hasMessageContaining("whole number of milliseconds");
    }

    @Test
    void theMetersTotalIsTheSumOfDurationsEachRoundedUpTimesMemory() {
        try (LocalLambdaService lambda = LocalLambdaService.start(); LambdaClient client = SdkClients.sync(lambda)) {
            lambda.register(FunctionDefinition.builder("counter", CounterHandler.class.getName())
                    .memoryMb(1536).classpath(SdkClients.testHandlerClasspath()).build());
            for (String sleep : List.of("", "3", "17", "", "40")) {
                invoke(client, "counter", sleep);
            }

            List<BillingMeter.BilledInvocation> ledger = lambda.billing().recentInvocations();
            BillingReport report = lambda.billing().report();

            assertThat(ledger).hasSize(5);
            long expectedMs = ledger.stream().mapToLong(b -> (b.durationNanos() + 999_999) / 1_000_000).sum();
            assertThat(report.totalBilledMillis()).isEqualTo(expectedMs);
            assertThat(report.totalGbSeconds()).isCloseTo(expectedMs / 1000.0 * 1536 / 1024, within(1e-9));
            assertThat(report.totalRequests()).isEqualTo(5);
            assertThat(report.functions()).singleElement()
                    .satisfies(l -> assertThat(l.function()).isEqualTo("counter"));
            assertThat(ledger).allSatisfy(b -> assertThat(b.durationNanos()).isPositive());
            assertThat(ledger.stream().filter(b -> b.durationNanos() >= 40_000_000)).hasSize(1);
        }
    }
}
