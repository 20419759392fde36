package io.mayfly.lambda.local;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.handlers.CounterHandler;
import io.mayfly.lambda.local.handlers.SleeperHandler;
import io.mayfly.lambda.local.instance.InstanceInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/** close() leaves nothing behind: no child JVM, no listening port, no temp directory. */
class LocalLambdaServiceCloseTest {

    @Test
    void closeKillsEveryChildJvmAndClosesEveryPort() throws IOException {
        LocalLambdaService lambda = LocalLambdaService.start();
        lambda.register(FunctionDefinition.builder("counter", CounterHandler.class.getName())
                .instanceMode(InstanceMode.PROCESS)
                .classpath(SdkClients.testHandlerClasspath())
                .build());
        lambda.register(FunctionDefinition.builder("sleeper", SleeperHandler.class.getName())
                .instanceMode(InstanceMode.PROCESS)
                .classpath(SdkClients.testHandlerClasspath())
                .timeout(Duration.ofSeconds(60))
                .build());
        List<Integer> ports = new ArrayList<>();
        ports.add(lambda.port());
        try (LambdaClient client = SdkClients.sync(lambda);
                LambdaAsyncClient async = SdkClients.async(lambda)) {
            assertThat(invoke(client, "counter", "").payload().asUtf8String()).isEqualTo("1");
            // One instance busy at close time: its invocation must end, not hang.
            var held = async.invoke(InvokeRequest.builder()
                    .functionName("sleeper")
                    .payload(SdkBytes.fromUtf8String("60000"))
                    .build());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lambda.control().instances("sleeper").stream()
                            .anyMatch(i -> i.state() == io.mayfly.lambda.local.instance.InstanceState.BUSY));
            List<Long> pids = new ArrayList<>();
            for (InstanceInfo i : lambda.control().instances()) {
                long pid = i.processId().orElseThrow();
                pids.add(pid);
                ports.add(runtimeApiPort(pid));
            }
            Path workDirectory = lambda.logDirectory().getParent();

            lambda.close();
            lambda.close();

            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("pid %d alive", pid)
                        .isFalse();
            }
            assertThat(ProcessHandle.current().children().filter(p -> pids.contains(p.pid())))
                    .isEmpty();
            for (int port : ports) {
                assertThatThrownBy(() -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                            }
                        })
                        .as("port %d still listening", port)
                        .isInstanceOf(ConnectException.class);
            }
            assertThat(workDirectory).doesNotExist();
            assertThatThrownBy(held::join).hasRootCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void closeOfAnUnusedServiceIsPromptAndIdempotent() {
        LocalLambdaService lambda = LocalLambdaService.start();
        int port = lambda.port();
        lambda.close();
        lambda.close();

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    /** The child's AWS_LAMBDA_RUNTIME_API, read from its environment. */
    private static int runtimeApiPort(long pid) throws IOException {
        String environ =
                new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
        for (String entry : environ.split("\0")) {
            if (entry.startsWith("AWS_LAMBDA_RUNTIME_API=")) {
                return Integer.parseInt(entry.substring(entry.lastIndexOf(':') + 1));
            }
        }
        throw new AssertionError("no AWS_LAMBDA_RUNTIME_API in the environment of " + pid);
    }
}
