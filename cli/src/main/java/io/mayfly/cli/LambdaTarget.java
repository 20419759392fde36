package io.mayfly.cli;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/** Where the functions live: a region of AWS, or an endpoint such as `mayfly local`. */
public final class LambdaTarget {
    @Option(names = "--region", description = "AWS region (default: $AWS_REGION, else us-east-1).")
    @Nullable
    String region;

    @Option(
            names = "--endpoint-url",
            description = "Lambda endpoint to call instead of the region's, e.g. a `mayfly local`"
                    + " (http://127.0.0.1:9001).")
    @Nullable
    URI endpointUrl;

    String region() {
        if (region != null) {
            return region;
        }
        String env = System.getenv("AWS_REGION");
        return env == null || env.isBlank() ? "us-east-1" : env;
    }

    /** The region or the endpoint, as errors name it. */
    String where() {
        return endpointUrl != null ? endpointUrl.toString() : region();
    }

    LambdaClient client() {
        LambdaClientBuilder b = LambdaClient.builder()
                .region(Region.of(region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(120)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(3)));
        if (endpointUrl != null) {
            // A local endpoint checks no signature: the environment's or profile's credentials when
            // there are some, else any. Never the instance metadata service, which is not here.
            b.endpointOverride(endpointUrl)
                    .credentialsProvider(AwsCredentialsProviderChain.builder()
                            .reuseLastProviderEnabled(true)
                            .credentialsProviders(
                                    EnvironmentVariableCredentialsProvider.create(),
                                    SystemPropertyCredentialsProvider.create(),
                                    ProfileCredentialsProvider.create(),
                                    StaticCredentialsProvider.create(
                                            AwsBasicCredentials.create("mayfly", "mayfly-local")))
                            .build());
        }
        return b.build();
    }
}
