package io.mayfly.lambda.local.control;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.CounterHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The control interface over HTTP, as a tool in another process would use it. */
class ControlApiRouteTest {

    @Test
    void listReclaimAndBillingOverHttp() throws Exception {
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaClient client = SdkClients.sync(lambda)) {
            lambda.register(FunctionDefinition.builder("counter", CounterHandler.class.getName())
                    .classpath(SdkClients.testHandlerClasspath())
                    .build());
            invoke(client, "counter", "");
            invoke(client, "counter", "");
            String id = lambda.control().instances("counter").get(0).id();
            HttpClient http = HttpClient.newHttpClient();
            URI base = lambda.endpoint().resolve("/mayfly-local/");

            HttpResponse<String> list = http.send(
                    HttpRequest.newBuilder(base.resolve("instances?function=counter"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body())
                    .contains("\"id\":\"" + id + "\"")
                    .contains("\"function\":\"counter\"")
                    .contains("\"state\":\"IDLE\"")
                    .contains("\"invocations\":2")
                    .contains("\"thread\":\"lambda-counter-");

            HttpResponse<String> freeze = http.send(
                    HttpRequest.newBuilder(base.resolve("instances/" + id + "/freeze"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(freeze.statusCode()).isEqualTo(204);
            assertThat(lambda.control().instances("counter").get(0).state().name())
                    .isEqualTo("FROZEN");
            http.send(
                    HttpRequest.newBuilder(base.resolve("instances/" + id + "/resume"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            HttpResponse<String> reclaim = http.send(
                    HttpRequest.newBuilder(base.resolve("instances/" + id + "/reclaim"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reclaim.statusCode()).isEqualTo(204);
            assertThat(lambda.control().instances("counter")).isEmpty();
            assertThat(invoke(client, "counter", "").payload().asUtf8String()).isEqualTo("1");

            HttpResponse<String> unknown = http.send(
                    HttpRequest.newBuilder(base.resolve("instances/i-404/reclaim"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);

            HttpResponse<String> billing = http.send(
                    HttpRequest.newBuilder(base.resolve("billing")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(billing.body()).contains("\"requests\":3").contains("\"function\":\"counter\"");
        }
    }
}
