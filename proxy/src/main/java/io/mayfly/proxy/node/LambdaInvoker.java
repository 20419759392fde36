package io.mayfly.proxy.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/**
 * Invokes pool functions through aws-sdk-java-v2's {@link LambdaAsyncClient}: the same code for
 * real AWS Lambda and for lambda-local, which differ only in endpoint and credentials.
 *
 * <p>Timeouts and retries are set explicitly. A serving invocation stays open for minutes, and the
 * SDK's defaults (30 s read timeout, retry on 429/5xx) would cut it off and then start a second
 * instance of the same function, whose empty memory would shadow the first. So: read and
 * api-call timeouts just above the longest serve, and no SDK retries: the node pool decides.
 */
public final class LambdaInvoker implements NodeInvoker {

    private static final long CLOSE_WAIT_MS = 2_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LambdaInvoker.class);

    private final LambdaAsyncClient client;
    /**
     * The SDK's HTTP event loop, owned here: the SDK closes a group of its own with a 2 s quiet
     * period and waits for it, which made every proxy close take 2 s.
     */
    private final EventLoopGroup httpLoop;

    /**
     * Issues invocations. The SDK resolves the endpoint, marshals and signs a request on the calling
     * thread (about a millisecond each); a get wakes k+r functions at once, and issued one after
     * another on the client's event loop the last function was invoked ten or more ms after the first.
     * Bounded: past {@link #ISSUE_QUEUE} waiting, the caller issues its own.
     */
    private final ThreadPoolExecutor issuing = issuingPool();

    private static final int ISSUE_THREADS = 4;
    private static final int ISSUE_QUEUE = 1_024;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** Invocations not answered yet: close() lets them finish (bounded) before the pool closes. */
    private final java.util.Set<CompletableFuture<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private LambdaInvoker(LambdaAsyncClientBuilder builder, EventLoopGroup httpLoop) {
        this.httpLoop = httpLoop;
        try {
            this.client = builder.build();
        } catch (RuntimeException e) {
            httpLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static ThreadPoolExecutor issuingPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                ISSUE_THREADS,
                ISSUE_THREADS,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ISSUE_QUEUE),
                new DefaultThreadFactory("mayfly-lambda-invoke", true),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A NioEventLoopGroup: the SDK derives its channel types from that class and knows no other. */
    @SuppressWarnings("deprecation")
    private static EventLoopGroup httpLoop() {
        return new NioEventLoopGroup(2, new DefaultThreadFactory("mayfly-lambda-http", true));
    }

    /** Against a local Lambda service (lambda-local): the endpoint's signature is not checked. */
    public static LambdaInvoker forEndpoint(
            URI endpoint, String region, Duration invocationTimeout, int maxConcurrentInvocations) {
        AwsCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("mayfly", "mayfly-local"));
        EventLoopGroup loop = httpLoop();
        return new LambdaInvoker(
                builder(region, invocationTimeout, maxConcurrentInvocations, credentials, loop)
                        .endpointOverride(endpoint),
                loop);
    }

    /** Against AWS Lambda, with the default credentials chain. */
    public static LambdaInvoker forAws(String region, Duration invocationTimeout, int maxConcurrentInvocations) {
        EventLoopGroup loop = httpLoop();
        return new LambdaInvoker(
                builder(
                        region,
                        invocationTimeout,
                        maxConcurrentInvocations,
                        DefaultCredentialsProvider.builder().build(),
                        loop),
                loop);
    }

    private static LambdaAsyncClientBuilder builder(
            String region,
            Duration invocationTimeout,
            int maxConcurrentInvocations,
            AwsCredentialsProvider credentials,
            EventLoopGroup loop) {
        return LambdaAsyncClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(SdkEventLoopGroup.create(loop, NioSocketChannel::new))
                        .readTimeout(invocationTimeout)
                        .writeTimeout(Duration.ofSeconds(30))
                        .connectionTimeout(Duration.ofSeconds(10))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                        // Every pool node may hold one invocation open at once, plus warm-ups.
                        .maxConcurrency(Math.max(8, maxConcurrentInvocations * 2)))
                .overrideConfiguration(o -> o.apiCallTimeout(invocationTimeout)
                        .apiCallAttemptTimeout(invocationTimeout)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    /** The startup checks of {@link AwsStartupChecks} through this invoker's client. */
    public java.util.List<String> startupProblems(
            java.util.List<String> functionNames, int expectedMemoryMb, String where) {
        return AwsStartupChecks.problems(client, functionNames, expectedMemoryMb, where);
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
        InvokeRequest request = InvokeRequest.builder()
                .functionName(functionName)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArray(payload))
                .build();
        CompletableFuture<software.amazon.awssdk.services.lambda.model.InvokeResponse> call = new CompletableFuture<>();
        inFlight.add(call);
        call.whenComplete((r, e) -> inFlight.remove(call));
        Runnable issue = () -> {
            try {
                client.invoke(request).whenComplete((response, error) -> {
                    if (error != null) {
                        call.completeExceptionally(error);
                    } else {
                        call.complete(response);
                    }
                });
            } catch (RuntimeException e) {
                call.completeExceptionally(e);
            }
        };
        if (closed.get()) {
            call.completeExceptionally(new IllegalStateException("the invoker is closed"));
        } else {
            try {
                issuing.execute(issue);
            } catch (RejectedExecutionException full) {
                // Every issuing thread is busy and the queue is full (or the invoker is closing).
                issue.run();
            }
        }
        return call.thenApply(response -> new InvocationResult(
                response.statusCode() == null ? 0 : response.statusCode(),
                response.functionError(),
                response.payload() == null ? new byte[0] : response.payload().asByteArray()));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // Nodes told BYE return their invocations within moments; closing the SDK's pool under
            // open requests makes their channels' close listeners run on a stopped loop (a WARN
            // per channel). Wait a little for them, never long.
            try {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                        .get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.debug("closing with {} invocations still open", inFlight.size());
            }
            issuing.shutdown();
            client.close();
            // A short quiet period lets the closing connection pool run its close listeners on this
            // loop; without it they are refused and Netty logs "Event loop shut down?" at ERROR.
            httpLoop.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
