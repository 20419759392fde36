package io.mayfly.benchmarks.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.Context;
import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.billing.BillingReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaBillingReaderTest {

    @Test
    void readsTheTotalsOfARealBillingMeterOverItsControlApi() throws Exception {
        try (LocalLambdaService lambda = LocalLambdaService.builder()
                .billingGranularity(Duration.ofMillis(100))
                .start()) {
            lambda.register(FunctionDefinition.builder("node", ImmediateHandler.class.getName())
                    .memoryMb(1536)
                    .instanceMode(InstanceMode.IN_PROCESS)
                    .classpath(handlerClasspath())
                    .build());
            URI billingUrl = lambda.endpoint().resolve("/mayfly-local/billing");
            LambdaBillingReader reader = new LambdaBillingReader();
            LambdaBilling before = reader.fetch(billingUrl);

            HttpClient http = HttpClient.newHttpClient();
            URI invoke = lambda.endpoint().resolve("/2015-03-31/functions/node/invocations");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(invoke)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            LambdaBilling after = reader.fetch(billingUrl);
            BillingReport meter = lambda.billing().report();

            LambdaBilling run = LambdaBillingReader.between(before, after);
            assertThat(run.requests()).isEqualTo(3);
            assertThat(run.gbSeconds()).isCloseTo(meter.totalGbSeconds(), within(1e-9));
            // Three invocations of at least one 100 ms unit at 1.5 GB.
            assertThat(run.gbSeconds()).isGreaterThanOrEqualTo(3 * 0.1 * 1.5 - 1e-9);
            assertThat(run.source()).isEqualTo("metered");
        }
    }

    @Test
    void parsesOnlyTheTopLevelTotals() {
        LambdaBilling b = LambdaBillingReader.parse(
                "{\"granularityMs\":1,\"requests\":7,\"billedMs\":9,"
                        + "\"gbSeconds\":1.25e-1,\"usd\":1,\"functions\":[{\"requests\":99,\"gbSeconds\":5}]}",
                "test");
        assertThat(b.requests()).isEqualTo(7);
        assertThat(b.gbSeconds()).isEqualTo(0.125);
        assertThatThrownBy(() -> LambdaBillingReader.parse("{\"functions\":[{\"requests\":1}]}", "saved.json"))
                .hasMessageContaining("saved.json")
                .hasMessageContaining("no top-level \"gbSeconds\"");
    }

    @Test
    void aRunIsMeteredWithTheBillSoFarRunningInvocationsIncluded() {
        URI base = URI.create("http://127.0.0.1:1234/mayfly-local/billing");
        assertThat(LambdaBillingReader.billedSoFar(base)).hasToString(base + "?in-flight=true");
        assertThat(LambdaBillingReader.billedSoFar(URI.create(base + "?x=1")))
                .hasToString(base + "?x=1&in-flight=true");
        URI explicit = URI.create(base + "?in-flight=false");
        assertThat(LambdaBillingReader.billedSoFar(explicit)).isEqualTo(explicit);
    }

    private static List<Path> handlerClasspath() throws Exception {
        return List.of(
                Path.of(ImmediateHandler.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()),
                Path.of(Context.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()));
    }
}
