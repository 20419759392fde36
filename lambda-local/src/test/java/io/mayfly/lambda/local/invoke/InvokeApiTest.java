package io.mayfly.lambda.local.invoke;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.CounterHandler;
import io.mayfly.lambda.local.handlers.EchoHandler;
import io.mayfly.lambda.local.handlers.SleeperHandler;
import io.mayfly.lambda.local.handlers.ThrowerHandler;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** The Invoke API through the real AWS SDK, against in-process instances. */
class InvokeApiTest {
    private static LocalLambdaService lambda;
    private static LambdaClient client;
    private static LambdaAsyncClient asyncClient;

    @BeforeAll
    static void start() {
        lambda = LocalLambdaService.start();
        register(FunctionDefinition.builder("echo", EchoHandler.class.getName() + "::echo"));
        register(FunctionDefinition.builder("describe", EchoHandler.class.getName() + "::describe")
                .memoryMb(256));
        register(FunctionDefinition.builder("thrower", ThrowerHandler.class.getName()));
        register(FunctionDefinition.builder("one-at-a-time", SleeperHandler.class.getName())
                .concurrencyLimit(1)
                .timeout(Duration.ofSeconds(30)));
        client = SdkClients.sync(lambda);
        asyncClient = SdkClients.async(lambda);
    }

    private static void register(FunctionDefinition.Builder function) {
        lambda.register(function.instanceMode(InstanceMode.IN_PROCESS)
                .classpath(SdkClients.testHandlerClasspath())
                .build());
    }

    @AfterAll
    static void stop() {
        client.close();
        asyncClient.close();
        lambda.close();
    }

    @Test
    void requestResponseReturnsTheFunctionOutput() {
        InvokeResponse response = invoke(client, "echo", "{\"hello\":\"world\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.payload().asUtf8String()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        assertThat(response.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void theAsyncNettyClientInvokesToo() {
        InvokeResponse response = asyncClient
                .invoke(InvokeRequest.builder()
                        .functionName("echo")
                        .payload(SdkBytes.fromUtf8String("\"async\""))
                        .build())
                .join();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.payload().asUtf8String()).isEqualTo("\"async\"");
    }

    @Test
    void theHandlerSeesAFilledContext() {
        String text = invoke(client, "describe", "{}").payload().asUtf8String();

        assertThat(text).isEqualTo("describe|256|true|" + lambda.functionArn("describe") + "|true");
    }

    @Test
    void functionsCanBeNamedByArnOrWithTheLatestQualifier() {
        assertThat(invoke(client, lambda.functionArn("echo"), "1").payload().asUtf8String())
                .isEqualTo("1");
        assertThat(invoke(client, "echo:$LATEST", "2").payload().asUtf8String()).isEqualTo("2");
        assertThat(invoke(client, "000000000000:function:echo", "3").payload().asUtf8String())
                .isEqualTo("3");
        assertThatThrownBy(() -> invoke(client, "echo:prod", "4")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void eventIsAcceptedWith202AndRunsLater() {
        lambda.register(FunctionDefinition.builder("event-counter", CounterHandler.class.getName())
                .classpath(SdkClients.testHandlerClasspath())
                .build());

        InvokeResponse response = client.invoke(InvokeRequest.builder()
                .functionName("event-counter")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(""))
                .build());

        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lambda.control().instances("event-counter").stream()
                        .anyMatch(i -> i.invocations() == 1 && i.state() == InstanceState.IDLE));
        assertThat(invoke(client, "event-counter", "").payload().asUtf8String()).isEqualTo("2");
    }

    @Test
    void dryRunAnswers204AndRunsNothing() {
        InvokeResponse response = client.invoke(InvokeRequest.builder()
                .functionName("thrower")
                .invocationType(InvocationType.DRY_RUN)
                .payload(SdkBytes.fromUtf8String("{}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(lambda.control().instances("thrower")).isEmpty();
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke(client, "no-such-function", "{}"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(
                        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function")
                .satisfies(e ->
                        assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void theAsyncClientRaisesTheSameTypedExceptions() {
        assertThatThrownBy(() -> asyncClient
                        .invoke(InvokeRequest.builder()
                                .functionName("no-such-function")
                                .payload(SdkBytes.fromUtf8String("{}"))
                                .build())
                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aSyncPayloadOverSixMegabytesIsRequestTooLarge() {
        byte[] payload = new byte[InvokeApiRoute.MAX_SYNC_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(payload, (byte) 'x');

        assertThatThrownBy(() -> client.invoke(InvokeRequest.builder()
                        .functionName("echo")
                        .payload(SdkBytes.fromByteArray(payload))
                        .build()))
                .isInstanceOf(RequestTooLargeException.class)
                .hasMessageContaining("Request must be smaller than 6291456 bytes")
                .satisfies(e ->
                        assertThat(((RequestTooLargeException) e).statusCode()).isEqualTo(413));
    }

    @Test
    void aSyncPayloadOfExactlySixMegabytesIsAccepted() {
        byte[] payload = new byte[InvokeApiRoute.MAX_SYNC_PAYLOAD_BYTES];
        java.util.Arrays.fill(payload, (byte) 'x');
        payload[0] = '"';
        payload[payload.length - 1] = '"';

        InvokeResponse response = client.invoke(InvokeRequest.builder()
                .functionName("echo")
                .payload(SdkBytes.fromByteArray(payload))
                .build());

        assertThat(response.payload().asByteArray()).isEqualTo(payload);
    }

    @Test
    void anEventPayloadOverOneMegabyteIsRequestTooLarge() {
        byte[] payload = new byte[InvokeApiRoute.MAX_ASYNC_PAYLOAD_BYTES + 1];

        assertThatThrownBy(() -> client.invoke(InvokeRequest.builder()
                        .functionName("echo")
                        .invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromByteArray(payload))
                        .build()))
                .isInstanceOf(RequestTooLargeException.class);
    }

    @Test
    void pastTheConcurrencyLimitIsTooManyRequests() {
        var first = asyncClient.invoke(InvokeRequest.builder()
                .functionName("one-at-a-time")
                .payload(SdkBytes.fromUtf8String("20000"))
                .build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lambda.control().instances("one-at-a-time").stream()
                        .anyMatch(i -> i.state() == InstanceState.BUSY));

        assertThatThrownBy(() -> invoke(client, "one-at-a-time", "0"))
                .isInstanceOf(TooManyRequestsException.class)
                .satisfies(e ->
                        assertThat(((TooManyRequestsException) e).statusCode()).isEqualTo(429))
                .satisfies(e -> assertThat(((TooManyRequestsException) e).reason())
                        .hasToString("ReservedFunctionConcurrentInvocationLimitExceeded"));

        // Reclaiming the busy instance ends the first invocation as a runtime exit, promptly.
        lambda.control()
                .instances("one-at-a-time")
                .forEach(i -> lambda.control().reclaim(i.id()));
        InvokeResponse ended = first.join();
        assertThat(ended.functionError()).isEqualTo("Unhandled");
        assertThat(ended.payload().asUtf8String()).contains("Runtime.ExitError");
    }

    @Test
    void aFunctionErrorIsReportedAsLambdaDoes() {
        InvokeResponse response = invoke(client, "thrower", "\"bad input\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("\"errorType\":\"java.lang.IllegalStateException\"")
                .contains("\"errorMessage\":\"boom: \\\"bad input\\\"\"")
                .contains("\"stackTrace\":[\"" + ThrowerHandler.class.getName() + ".handleRequest(");
    }

    @Test
    void aBadInvocationTypeIsInvalidRequestContent() {
        assertThatThrownBy(() -> client.invoke(InvokeRequest.builder()
                        .functionName("echo")
                        .invocationType("Sometimes")
                        .payload(SdkBytes.fromUtf8String("{}"))
                        .build()))
                .isInstanceOf(LambdaException.class)
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(400))
                .satisfies(
                        e -> assertThat(((LambdaException) e).awsErrorDetails().errorCode())
                                .isEqualTo("InvalidRequestContentException"));
    }

    @Test
    void aPayloadThatIsNotJsonIsInvalidRequestContent() {
        assertThatThrownBy(() -> invoke(client, "echo", "not json"))
                .isInstanceOf(software.amazon.awssdk.services.lambda.model.InvalidRequestContentException.class)
                .hasMessageContaining("Could not parse request body into json")
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void instancesAreListedWithTheirThreads() {
        invoke(client, "echo", "\"x\"");
        List<InstanceInfo> echo = lambda.control().instances("echo");

        assertThat(echo).isNotEmpty().allSatisfy(i -> {
            assertThat(i.mode()).isEqualTo(InstanceMode.IN_PROCESS);
            assertThat(i.threadName()).startsWith("lambda-echo-");
            assertThat(i.processId()).isEmpty();
        });
    }
}
