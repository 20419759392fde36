package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.ErrorMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The deployable jar's logging as CloudWatch would get it: the jar runs under the official
 * runtime interface client (lambda-local's process mode) and its stdout is read back. Warnings
 * reach stdout by default; debug lines only with MAYFLY_NODE_LOG_LEVEL=debug.
 */
class NodeLoggingIT {
    private static final Path JAR = Path.of("target", "mayfly-lambda-node.jar").toAbsolutePath();

    @TempDir
    Path logs;

    private FakeProxy proxy;
    private LocalLambdaService lambda;
    private LambdaClient client;

    @AfterEach
    void stop() throws Exception {
        client.close();
        lambda.close();
        proxy.close();
    }

    private String serveOnceWithAProxyError(Map<String, String> environment) throws Exception {
        proxy = new FakeProxy(64 * 1024);
        lambda = LocalLambdaService.builder().logDirectory(logs).start();
        lambda.register(FunctionDefinition.builder("mayfly-node-0", "io.mayfly.node.MayflyNodeHandler::handleRequest")
                .classpath(JAR)
                .memoryMb(256)
                .timeout(Duration.ofSeconds(60))
                .environment(environment)
                .instanceMode(InstanceMode.PROCESS)
                .build());
        client = LambdaClient.builder()
                .endpointOverride(lambda.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                .build();
        String payload = new NodeInvocation(
                        NodeCommand.SERVE, "127.0.0.1", proxy.port(), "mayfly-node-0", "token", 1, 30_000, 50_000)
                .toJson();
        CompletableFuture<String> served = CompletableFuture.supplyAsync(
                () -> client.invoke(r -> r.functionName("mayfly-node-0").payload(SdkBytes.fromUtf8String(payload)))
                        .payload()
                        .asUtf8String());
        proxy.awaitHello();
        proxy.send(new ErrorMessage(7, ErrorCode.MALFORMED, "logging check"));
        proxy.send(new Bye(8));
        served.get(90, TimeUnit.SECONDS);
        lambda.close();
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(NodeLoggingIT::read).collect(Collectors.joining("\n"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void warningsReachStdoutByDefaultAndDebugStaysQuiet() throws Exception {
        String output = serveOnceWithAProxyError(Map.of());

        assertThat(output)
                .contains("WARN")
                .contains("io.mayfly.node.ServeSession - proxy reported MALFORMED for request 7: logging check")
                .doesNotContain("DEBUG")
                .doesNotContain("SLF4J(W): No SLF4J providers");
        assertThat(output)
                .as("the instance announces its architecture")
                .containsPattern("\\((amd64|x86_64|aarch64), Java \\d+\\) serve");
    }

    @Test
    void theLevelVariableTurnsOnDebug() throws Exception {
        String output = serveOnceWithAProxyError(Map.of("MAYFLY_NODE_LOG_LEVEL", "debug"));

        assertThat(output).contains("DEBUG").contains("io.mayfly.node.ServeSession - invocation of mayfly-node-0 ends");
    }
}
