package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invoker against a plain HTTP endpoint that answers as Lambda's Invoke API does. */
class LambdaInvokerTest {

    private static final int FUNCTIONS = 12;

    private HttpServer server;
    private final CountDownLatch allArrived = new CountDownLatch(FUNCTIONS);

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            allArrived.countDown();
            try {
                // Answer nobody until every invocation has arrived: none may wait for another.
                allArrived.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    private LambdaInvoker invoker() {
        return LambdaInvoker.forEndpoint(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "us-east-1",
                Duration.ofSeconds(30),
                FUNCTIONS);
    }

    @Test
    void invocationsOfAWholeStripeAreIssuedTogetherAndEachGetsItsOwnAnswer() throws Exception {
        try (LambdaInvoker invoker = invoker()) {
            List<CompletableFuture<NodeInvoker.InvocationResult>> calls = new ArrayList<>();
            for (int i = 0; i < FUNCTIONS; i++) {
                calls.add(invoker.invoke("node-" + i, ("payload-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < FUNCTIONS; i++) {
                NodeInvoker.InvocationResult result = calls.get(i).get(30, TimeUnit.SECONDS);
                assertThat(result.statusCode()).isEqualTo(200);
                assertThat(new String(result.payload(), StandardCharsets.UTF_8)).isEqualTo("payload-" + i);
            }
        }
    }

    @Test
    void anInvocationAfterCloseFailsInsteadOfHanging() {
        LambdaInvoker invoker = invoker();
        invoker.close();

        CompletableFuture<NodeInvoker.InvocationResult> call = invoker.invoke("node-0", new byte[] {'1'});

        assertThat(call).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class);
    }
}
