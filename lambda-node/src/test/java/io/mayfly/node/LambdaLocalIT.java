package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.invoke.NodeServeSummary;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.ShardKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The shaded node jar registered as a function in lambda-local and invoked through the real AWS
 * SDK, as the proxy does: memory survives across invocations. Process mode is the faithful
 * one (a child JVM running the official runtime interface client per instance).
 */
class LambdaLocalIT {

    private static final Path JAR = Path.of("target", "mayfly-lambda-node.jar").toAbsolutePath();
    private static final String FUNCTION = "mayfly-node-0";

    private FakeProxy proxy;
    private LocalLambdaService lambda;
    private LambdaClient client;

    private void start(InstanceMode mode) throws InterruptedException {
        proxy = new FakeProxy(64 * 1024);
        lambda = LocalLambdaService.start();
        lambda.register(FunctionDefinition.builder(FUNCTION, "io.mayfly.node.MayflyNodeHandler::handleRequest")
                .classpath(JAR)
                .memoryMb(256)
                .timeout(Duration.ofSeconds(60))
                .instanceMode(mode)
                .build());
        client = LambdaClient.builder()
                .endpointOverride(lambda.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(90)))
                .overrideConfiguration(
                        c -> c.apiCallTimeout(Duration.ofSeconds(90)).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (lambda != null) {
            lambda.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private CompletableFuture<NodeServeSummary> serve() {
        String payload = new NodeInvocation(
                        NodeCommand.SERVE, "127.0.0.1", proxy.port(), FUNCTION, "token", 1, 30_000, 50_000)
                .toJson();
        return CompletableFuture.supplyAsync(() -> {
            InvokeResponse response = client.invoke(r -> r.functionName(FUNCTION)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(payload)));
            assertThat(response.functionError())
                    .as(response.payload().asUtf8String())
                    .isNull();
            return NodeServeSummary.fromJson(response.payload().asUtf8String());
        });
    }

    private static NodeServeSummary done(CompletableFuture<NodeServeSummary> f) throws Exception {
        return f.get(90, TimeUnit.SECONDS);
    }

    private static final ShardKey KEY = new ShardKey("space", Bytes.copyOf(new byte[] {9}), 1, 2);

    private static byte[] shard() {
        byte[] bytes = new byte[300_000];
        new Random(3).nextBytes(bytes);
        return bytes;
    }

    /** First invocation of a new instance: stores a shard, proxy says BYE. Returns the instance's HELLO. */
    private Hello storeOneShard(byte[] bytes) throws Exception {
        var first = serve();
        Hello hello = proxy.awaitHello();
        assertThat(hello.storedShards()).isZero();
        assertThat(proxy.put(KEY, bytes)).isInstanceOf(Ok.class);
        proxy.send(new Bye(1));
        NodeServeSummary summary = done(first);
        assertThat(summary.instanceId()).isEqualTo(hello.instanceId());
        assertThat(summary.shardCount()).isEqualTo(1);
        assertThat(proxy.next()).isInstanceOf(Bye.class);
        return hello;
    }

    @Test
    void shardsSurviveBetweenTwoInvocationsOfTheSameProcessInstance() throws Exception {
        start(InstanceMode.PROCESS);
        byte[] bytes = shard();
        Hello first = storeOneShard(bytes);

        var second = serve();
        Hello hello = proxy.awaitHello();
        assertThat(hello.instanceId()).isEqualTo(first.instanceId());
        assertThat(hello.storedShards()).isEqualTo(1);
        assertThat(hello.storedBytes()).isEqualTo(bytes.length);
        assertThat(proxy.connections()).as("the kept connection was reused").isEqualTo(1);
        assertThat((byte[]) proxy.get(KEY)).isEqualTo(bytes);
        proxy.send(new Bye(2));
        assertThat(done(second).shardCount()).isEqualTo(1);
        assertThat(lambda.control().instances(FUNCTION)).hasSize(1);
    }

    @Test
    void reclaimedProcessInstanceComesBackEmpty() throws Exception {
        start(InstanceMode.PROCESS);
        Hello first = storeOneShard(shard());
        List<InstanceInfo> instances = lambda.control().instances(FUNCTION);
        assertThat(instances).hasSize(1);
        assertThat(lambda.control().reclaim(instances.get(0).id())).isTrue();

        var second = serve();
        Hello hello = proxy.awaitHello();
        assertThat(hello.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(hello.storedShards()).isZero();
        assertThat(hello.inventoryDigest()).isZero();
        proxy.send(new Bye(2));
        NodeServeSummary summary = done(second);
        assertThat(summary.shardCount()).isZero();
        assertThat(summary.instanceId()).isEqualTo(hello.instanceId());
    }

    @Test
    void reclaimedInProcessInstanceReleasesItsConnection() throws Exception {
        start(InstanceMode.IN_PROCESS);
        Hello first = storeOneShard(shard());
        List<InstanceInfo> instances = lambda.control().instances(FUNCTION);
        assertThat(lambda.control().reclaim(instances.get(0).id())).isTrue();
        proxy.awaitNodeClosed();

        var second = serve();
        Hello hello = proxy.awaitHello();
        assertThat(hello.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(hello.storedShards()).isZero();
        proxy.send(new Bye(2));
        done(second);
    }
}
