package io.mayfly.lambda.local;

import com.amazonaws.services.lambda.runtime.Context;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** The real AWS SDK pointed at a local service, configured as a proxy must: explicit timeouts, no retries. */
public final class SdkClients {
    private SdkClients() {}

    public static LambdaClient sync(LocalLambdaService service) {
        return LambdaClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(120)))
                .overrideConfiguration(
                        c -> c.apiCallTimeout(Duration.ofSeconds(120)).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static LambdaAsyncClient async(LocalLambdaService service) {
        return LambdaAsyncClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(120)))
                .overrideConfiguration(
                        c -> c.apiCallTimeout(Duration.ofSeconds(120)).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static InvokeResponse invoke(LambdaClient client, String function, String payload) {
        return client.invoke(InvokeRequest.builder()
                .functionName(function)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromUtf8String(payload))
                .build());
    }

    /** The test handlers' code as a deployment package would hold it: test classes plus the Lambda core jar. */
    public static List<Path> testHandlerClasspath() {
        try {
            Path core = Path.of(Context.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path classes = Path.of(SdkClients.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return List.of(classes, core);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
