package io.mayfly.lambda.local.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.SleeperHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** A burst past the limit: never more instances than the limit, every call answered, the rest 429. */
class ConcurrencyLimitTest {

    @Test
    void aBurstScalesOutToTheLimitAndThrottlesTheRest() {
        int limit = 4;
        int burst = 24;
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaAsyncClient client = SdkClients.async(lambda)) {
            lambda.register(FunctionDefinition.builder("sleeper", SleeperHandler.class.getName())
                    .classpath(SdkClients.testHandlerClasspath())
                    .concurrencyLimit(limit)
                    .timeout(Duration.ofSeconds(30))
                    .build());
            AtomicInteger mostInstances = new AtomicInteger();
            lambda.control()
                    .addListener(e -> mostInstances.accumulateAndGet(
                            lambda.control().instances("sleeper").size(), Math::max));

            List<CompletableFuture<InvokeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                calls.add(client.invoke(InvokeRequest.builder()
                        .functionName("sleeper")
                        .payload(SdkBytes.fromUtf8String("300"))
                        .build()));
            }
            int ok = 0;
            int throttled = 0;
            for (CompletableFuture<InvokeResponse> call : calls) {
                try {
                    assertThat(call.join().payload().asUtf8String()).isEqualTo("\"slept\"");
                    ok++;
                } catch (CompletionException e) {
                    assertThat(e).hasCauseInstanceOf(TooManyRequestsException.class);
                    throttled++;
                }
            }

            assertThat(ok + throttled).isEqualTo(burst);
            assertThat(ok).isGreaterThanOrEqualTo(limit);
            assertThat(throttled).isPositive();
            assertThat(lambda.control().instances("sleeper")).hasSizeLessThanOrEqualTo(limit);
            assertThat(mostInstances.get()).isLessThanOrEqualTo(limit);
            assertThat(lambda.billing().report().totalRequests()).isEqualTo(ok);
        }
    }
}
