package io.mayfly.lambda.local.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.EchoHandler;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;

/** The control plane through the real AWS SDK: what a deployment tool does against AWS. */
class FunctionsApiTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/mayfly-node";
    private static final String ECHO = EchoHandler.class.getName() + "::echo";

    private static LocalLambdaService lambda;
    private static LambdaClient client;

    @BeforeAll
    static void start() {
        lambda = LocalLambdaService.builder().start();
        client = SdkClients.sync(lambda);
    }

    @AfterAll
    static void stop() {
        client.close();
        lambda.close();
    }

    private static CreateFunctionResponse create(LambdaClient c, String name, byte[] zip) {
        return c.createFunction(b -> b.functionName(name)
                .runtime(Runtime.JAVA21)
                .role(ROLE)
                .handler(ECHO)
                .memorySize(256)
                .timeout(30)
                .architectures(Architecture.ARM64)
                .environment(
                        Environment.builder().variables(Map.of("COLOR", "blue")).build())
                .code(code -> code.zipFile(SdkBytes.fromByteArray(zip))));
    }

    private static GetFunctionConfigurationResponse awaitSettled(LambdaClient c, String name) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> c.getFunctionConfiguration(b -> b.functionName(name)),
                        f -> f.state() == State.ACTIVE && f.lastUpdateStatus() == LastUpdateStatus.SUCCESSFUL);
    }

    private static String echo(LambdaClient c, String name, String payload) {
        return SdkClients.invoke(c, name, payload).payload().asUtf8String();
    }

    @Test
    void aCreatedFunctionBecomesActiveAndRunsItsCodeFromTheZip() throws Exception {
        byte[] zip = CodePackages.zipWithHandlerJar("v1");
        CreateFunctionResponse created = create(client, "created", zip);

        assertThat(created.stateAsString()).isIn("Pending", "Active");
        assertThat(created.functionArn()).isEqualTo(lambda.functionArn("created"));
        assertThat(created.codeSha256())
                .isEqualTo(Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(zip)));
        assertThat(created.codeSize()).isEqualTo(zip.length);

        GetFunctionConfigurationResponse active = awaitSettled(client, "created");
        assertThat(active.memorySize()).isEqualTo(256);
        assertThat(active.timeout()).isEqualTo(30);
        assertThat(active.architectures()).containsExactly(Architecture.ARM64);
        assertThat(active.environment().variables()).containsEntry("COLOR", "blue");
        assertThat(active.runtime()).isEqualTo(Runtime.JAVA21);
        assertThat(active.handler()).isEqualTo(ECHO);
        assertThat(echo(client, "created", "{\"hello\":1}")).isEqualTo("{\"hello\":1}");

        var function = client.getFunction(b -> b.functionName("created"));
        assertThat(function.configuration().codeSha256()).isEqualTo(created.codeSha256());
        assertThat(function.concurrency()).isNull();
    }

    @Test
    void updatesChangeCodeAndConfigurationAndKeepTheFunctionInvocable() {
        create(client, "updated", CodePackages.zipWithHandlerJar("v1"));
        String oldSha = awaitSettled(client, "updated").codeSha256();

        // The jar itself as the package this time: Lambda takes a jar as a zip.
        byte[] jar = CodePackages.handlerJar("v2");
        UpdateFunctionCodeResponse code = client.updateFunctionCode(b ->
                b.functionName("updated").zipFile(SdkBytes.fromByteArray(jar)).architectures(Architecture.X86_64));
        assertThat(code.codeSha256()).isNotEqualTo(oldSha);
        GetFunctionConfigurationResponse afterCode = awaitSettled(client, "updated");
        assertThat(afterCode.architectures()).containsExactly(Architecture.X86_64);
        assertThat(afterCode.codeSize()).isEqualTo(jar.length);

        client.updateFunctionConfiguration(b -> b.functionName("updated")
                .memorySize(512)
                .timeout(60)
                .environment(Environment.builder()
                        .variables(Map.of("SHAPE", "round"))
                        .build()));
        GetFunctionConfigurationResponse afterConfig = awaitSettled(client, "updated");
        assertThat(afterConfig.memorySize()).isEqualTo(512);
        assertThat(afterConfig.timeout()).isEqualTo(60);
        assertThat(afterConfig.environment().variables()).isEqualTo(Map.of("SHAPE", "round"));
        assertThat(afterConfig.codeSha256()).isEqualTo(code.codeSha256());
        assertThat(lambda.functions())
                .filteredOn(f -> f.name().equals("updated"))
                .singleElement()
                .satisfies(f -> assertThat(f.memoryMb()).isEqualTo(512));
        assertThat(echo(client, "updated", "\"still here\"")).isEqualTo("\"still here\"");
    }

    @Test
    void reservedConcurrencyShowsInGetFunctionAndLimitsInstances() {
        create(client, "reserved", CodePackages.zipWithHandlerJar("v1"));
        awaitSettled(client, "reserved");

        var put = client.putFunctionConcurrency(b -> b.functionName("reserved").reservedConcurrentExecutions(3));

        assertThat(put.reservedConcurrentExecutions()).isEqualTo(3);
        assertThat(client.getFunction(b -> b.functionName("reserved"))
                        .concurrency()
                        .reservedConcurrentExecutions())
                .isEqualTo(3);
        assertThat(lambda.functions())
                .filteredOn(f -> f.name().equals("reserved"))
                .singleElement()
                .satisfies(f -> assertThat(f.concurrencyLimit()).isEqualTo(3));
    }

    @Test
    void errorsCarryLambdasCodesAndStatuses() {
        assertThatThrownBy(() -> client.getFunction(b -> b.functionName("missing")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).contains("Function not found: " + lambda.functionArn("missing"));
                });
        assertThatThrownBy(() -> client.deleteFunction(b -> b.functionName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);

        create(client, "twice", CodePackages.zipWithHandlerJar("v1"));
        assertThatThrownBy(() -> create(client, "twice", CodePackages.zipWithHandlerJar("v1")))
                .isInstanceOfSatisfying(ResourceConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("Function already exist: twice");
                });

        assertThatThrownBy(() -> create(client, "notazip", "not a zip".getBytes()))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Could not unzip uploaded file");
                });
        assertThatThrownBy(() -> client.getFunction(b -> b.functionName("notazip")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.createFunction(b -> b.functionName("python")
                        .runtime(Runtime.PYTHON3_12)
                        .role(ROLE)
                        .handler("app.handler")
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(CodePackages.zipWithHandlerJar("v1"))))))
                .isInstanceOfSatisfying(
                        InvalidParameterValueException.class,
                        e -> assertThat(e.getMessage()).contains("python3.12"));
    }

    @Test
    void aPendingFunctionRefusesInvocationsAndAnUpdateInProgressRefusesAnother() {
        try (LocalLambdaService slow = LocalLambdaService.builder()
                        .stateTransitionDelay(Duration.ofSeconds(30))
                        .start();
                LambdaClient c = SdkClients.sync(slow)) {
            CreateFunctionResponse created = create(c, "slow", CodePackages.zipWithHandlerJar("v1"));
            assertThat(created.state()).isEqualTo(State.PENDING);
            assertThat(created.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
            assertThat(created.stateReasonCodeAsString()).isEqualTo("Creating");

            assertThatThrownBy(() -> echo(c, "slow", "1"))
                    .isInstanceOfSatisfying(
                            ResourceConflictException.class,
                            e -> assertThat(e.getMessage()).contains("Pending"));
            assertThatThrownBy(() -> c.updateFunctionConfiguration(
                            b -> b.functionName("slow").memorySize(1024)))
                    .isInstanceOfSatisfying(ResourceConflictException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("An update is in progress");
                    });
        }
    }

    @Test
    void listFunctionsPagesThroughEveryFunction() {
        try (LocalLambdaService own = LocalLambdaService.start();
                LambdaClient c = SdkClients.sync(own)) {
            for (int i = 0; i < 5; i++) {
                create(c, "listed-" + i, CodePackages.zipWithHandlerJar("v1"));
            }
            List<String> names = c.listFunctionsPaginator(b -> b.maxItems(2)).functions().stream()
                    .map(FunctionConfiguration::functionName)
                    .toList();
            assertThat(names).containsExactly("listed-0", "listed-1", "listed-2", "listed-3", "listed-4");
            assertThat(c.listFunctions(b -> b.maxItems(2)).nextMarker()).isNotNull();

            c.deleteFunction(b -> b.functionName("listed-3"));
            assertThat(c.listFunctions().functions())
                    .extracting(FunctionConfiguration::functionName)
                    .doesNotContain("listed-3")
                    .hasSize(4);
            assertThatThrownBy(() -> SdkClients.invoke(c, "listed-3", "1"))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void aCreatedFunctionRunsInAChildJvmInProcessMode() {
        try (LocalLambdaService own = LocalLambdaService.builder()
                        .createdFunctionMode(InstanceMode.PROCESS)
                        .start();
                LambdaClient c = SdkClients.sync(own)) {
            create(c, "child", CodePackages.zipWithHandlerJar("v1"));
            awaitSettled(c, "child");

            assertThat(echo(c, "child", "[1,2,3]")).isEqualTo("[1,2,3]");
            assertThat(own.control().instances("child"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.processId()).isPresent());
        }
    }
}
