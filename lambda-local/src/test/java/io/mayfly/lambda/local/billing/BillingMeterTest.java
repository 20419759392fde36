package io.mayfly.lambda.local.billing;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.Architecture;
import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.CounterHandler;
import io.mayfly.lambda.local.handlers.SleeperHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

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
        assertThat(report.instances())
                .extracting(BillingReport.Line::instanceId)
                .containsExactly("i-1", "i-2");
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
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaClient client = SdkClients.sync(lambda)) {
            lambda.register(FunctionDefinition.builder("counter", CounterHandler.class.getName())
                    .memoryMb(1536)
                    .classpath(SdkClients.testHandlerClasspath())
                    .build());
            for (String sleep : List.of("", "3", "17", "", "40")) {
                invoke(client, "counter", sleep);
            }

            List<BillingMeter.BilledInvocation> ledger = lambda.billing().recentInvocations();
            BillingReport report = lambda.billing().report();

            assertThat(ledger).hasSize(5);
            long expectedMs = ledger.stream()
                    .mapToLong(b -> (b.durationNanos() + 999_999) / 1_000_000)
                    .sum();
            assertThat(report.totalBilledMillis()).isEqualTo(expectedMs);
            assertThat(report.totalGbSeconds()).isCloseTo(expectedMs / 1000.0 * 1536 / 1024, within(1e-9));
            assertThat(report.totalRequests()).isEqualTo(5);
            assertThat(report.functions())
                    .singleElement()
                    .satisfies(l -> assertThat(l.function()).isEqualTo("counter"));
            assertThat(ledger).allSatisfy(b -> assertThat(b.durationNanos()).isPositive());
            // At least the 40 ms sleeper; on a loaded machine an invocation without a sleep may take as long.
            assertThat(ledger.stream().filter(b -> b.durationNanos() >= 40_000_000))
                    .isNotEmpty();
        }
    }

    @Test
    void invocationsAreLabelledFromTheirPayloadAndListenersHearEachOne() {
        List<BillingMeter.BilledInvocation> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LocalLambdaService lambda = LocalLambdaService.builder()
                        .invocationLabeler((function, payload) -> payload.length == 0 ? "warm-up" : "work")
                        .start();
                LambdaClient client = SdkClients.sync(lambda)) {
            lambda.billing().addListener(heard::add);
            lambda.register(FunctionDefinition.builder("counter", CounterHandler.class.getName())
                    .memoryMb(2048)
                    .classpath(SdkClients.testHandlerClasspath())
                    .build());
            invoke(client, "counter", "");
            invoke(client, "counter", "2");
            invoke(client, "counter", "3");

            var byLabel = lambda.billing().byLabel();

            assertThat(byLabel).containsOnlyKeys("warm-up", "work");
            assertThat(byLabel.get("warm-up").requests()).isEqualTo(1);
            assertThat(byLabel.get("work").requests()).isEqualTo(2);
            assertThat(byLabel.get("work").gbSeconds())
                    .isCloseTo(byLabel.get("work").billedMillis() / 1000.0 * 2, within(1e-12));
            assertThat(heard)
                    .extracting(BillingMeter.BilledInvocation::label)
                    .containsExactly("warm-up", "work", "work");
        }
    }

    @Test
    void billedSoFarCountsRunningInvocationsToNowRoundedAsTheMeterRounds() {
        BillingMeter meter = new BillingMeter(Duration.ofMillis(100));
        meter.record("f", 1024, Architecture.X86_64, "i-1", "r-1", 50_000_000L);
        BillingMeter.RunningInvocation running =
                meter.started("f", 1024, Architecture.X86_64, "i-2", "r-2", new byte[0], 1_000_000_000L);

        // 250 ms into the running invocation: three 100 ms units, plus the returned one's unit.
        BillingReport soFar = meter.billedSoFar(1_250_000_000L);
        assertThat(soFar.totalRequests()).isEqualTo(2);
        assertThat(soFar.inFlight()).isEqualTo(1);
        assertThat(soFar.totalBilledMillis()).isEqualTo(100 + 300);
        assertThat(soFar.totalGbSeconds()).isCloseTo(0.4, within(1e-12));
        assertThat(soFar.instances()).extracting(BillingReport.Line::instanceId).containsExactly("i-1", "i-2");
        assertThat(soFar.toJson()).contains("\"inFlight\":1");
        // Lambda's own bill has only what returned.
        assertThat(meter.report().totalRequests()).isEqualTo(1);
        assertThat(meter.report().inFlight()).isZero();
        assertThat(meter.runningInvocations()).containsExactly(running);

        // It returns at 320 ms: billed 400 ms, no less than any reading taken while it ran.
        BillingMeter.BilledInvocation billed = meter.ended(running, 1_320_000_000L);
        assertThat(billed.billedMillis()).isEqualTo(400);
        assertThat(meter.runningInvocations()).isEmpty();
        assertThat(meter.billedSoFar(5_000_000_000L).totalBilledMillis())
                .isEqualTo(100 + 400)
                .isEqualTo(meter.report().totalBilledMillis());
        assertThatThrownBy(() -> meter.ended(running, 2_000_000_000L))
                .hasMessageContaining("r-2")
                .hasMessageContaining("billed already");
    }

    @Test
    void aRunningInvocationIsInTheBillSoFarOverJavaAndHttpAndBilledOnceWhenItEnds() throws Exception {
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaClient client = SdkClients.sync(lambda)) {
            lambda.register(FunctionDefinition.builder("sleeper", SleeperHandler.class.getName())
                    .memoryMb(2048)
                    .timeout(Duration.ofMinutes(5))
                    .classpath(SdkClients.testHandlerClasspath())
                    .build());
            // An Event invocation returns at once; the sleeper holds its instance until reclaimed.
            client.invoke(InvokeRequest.builder()
                    .functionName("sleeper")
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("300000"))
                    .build());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lambda.billing().runningInvocations().size() == 1);

            BillingReport soFar = lambda.billing().billedSoFar();
            assertThat(soFar.totalRequests()).isEqualTo(1);
            assertThat(soFar.inFlight()).isEqualTo(1);
            assertThat(soFar.totalGbSeconds()).isPositive();
            assertThat(lambda.billing().report().totalRequests()).isZero();

            HttpClient http = HttpClient.newHttpClient();
            URI billing = lambda.endpoint().resolve("/mayfly-local/billing");
            String returned = get(http, billing).body();
            assertThat(returned).contains("\"requests\":0").contains("\"inFlight\":0");
            String running = get(http, URI.create(billing + "?in-flight=true")).body();
            assertThat(running)
                    .contains("\"requests\":1")
                    .contains("\"inFlight\":1")
                    .contains("\"function\":\"sleeper\"");
            HttpResponse<String> bad = get(http, URI.create(billing + "?in-flight=yes"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("in-flight=yes");

            String instance = lambda.billing().runningInvocations().get(0).instanceId();
            assertThat(lambda.control().reclaim(instance)).isTrue();

            BillingReport after = lambda.billing().report();
            assertThat(lambda.billing().runningInvocations()).isEmpty();
            assertThat(after.totalRequests()).isEqualTo(1);
            assertThat(after.inFlight()).isZero();
            assertThat(after.totalBilledMillis()).isGreaterThanOrEqualTo(soFar.totalBilledMillis());
            assertThat(lambda.billing().billedSoFar().totalBilledMillis()).isEqualTo(after.totalBilledMillis());
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
