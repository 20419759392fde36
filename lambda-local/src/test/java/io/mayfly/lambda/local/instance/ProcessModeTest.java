package io.mayfly.lambda.local.instance;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.CounterHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The faithful mode: each instance a child JVM running the official runtime interface client.
 * Few tests, since each cold start is a JVM start.
 */
class ProcessModeTest {
    private static LocalLambdaService lambda;
    private static LambdaClient client;
    private String name;

    @BeforeAll
    static void start() {
        lambda = LocalLambdaService.builder()
                .logDirectory(Path.of("target", "lambda-local-logs"))
                .start();
        client = SdkClients.sync(lambda);
    }

    @AfterAll
    static void stop() {
        client.close();
        lambda.close();
    }

    @BeforeEach
    void register(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName();
        lambda.register(FunctionDefinition.builder(name, CounterHandler.class.getName())
                .instanceMode(InstanceMode.PROCESS)
                .classpath(SdkClients.testHandlerClasspath())
                .timeout(Duration.ofSeconds(name.contains("timeout") ? 2 : 60))
                .build());
    }

    private InstanceInfo onlyInstance() {
        assertThat(lambda.control().instances(name)).hasSize(1);
        return lambda.control().instances(name).get(0);
    }

    @Test
    void warmReuseKeepsTheJvmsMemory() {
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        InstanceInfo first = onlyInstance();
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("2");

        InstanceInfo again = onlyInstance();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.processId()).isPresent().isEqualTo(first.processId());
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .contains(first.processId().getAsLong());
        System.out.printf("process-mode cold start of %s: %d ms%n", first.id(), first.coldStartMillis());
    }

    @Test
    void aReclaimedInstanceComesBackEmpty() {
        invoke(client, name, "");
        invoke(client, name, "");
        InstanceInfo old = onlyInstance();
        long oldPid = old.processId().orElseThrow();

        assertThat(lambda.control().reclaim(old.id())).isTrue();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true));
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        assertThat(onlyInstance().processId().orElseThrow()).isNotEqualTo(oldPid);
    }

    @Test
    void timeoutKillsTheJvm() {
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        long oldPid = onlyInstance().processId().orElseThrow();

        InvokeResponse timedOut = invoke(client, name, "30000");

        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        assertThat(timedOut.payload().asUtf8String()).contains("Task timed out after 2.00 seconds");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true));
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
    }

    @Test
    void aFunctionErrorComesFromTheRuntimeAndTheInstanceLivesOn() {
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");

        InvokeResponse failed = invoke(client, name, "\"not-a-number\"");

        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(failed.payload().asUtf8String())
                .contains("java.lang.NumberFormatException")
                .contains("not-a-number");
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("2");
    }

    @Test
    void freezeStopsTheJvmAndResumeContinuesIt() {
        invoke(client, name, "");
        InstanceInfo instance = onlyInstance();
        long pid = instance.processId().orElseThrow();

        lambda.control().freeze(instance.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> processState(pid) == 'T');
        lambda.control().resume(instance.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> processState(pid) != 'T');

        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("2");
    }

    @Test
    void unloadableHandlerFailsEachInvocation() {
        String broken = name + "-broken";
        lambda.register(FunctionDefinition.builder(broken, "no.such.Handler")
                .instanceMode(InstanceMode.PROCESS)
                .classpath(SdkClients.testHandlerClasspath())
                .build());

        InvokeResponse response = invoke(client, broken, "{}");

        // The runtime interface client keeps running and answers each invocation with the error.
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("java.lang.ClassNotFoundException")
                .contains("no.such.Handler");
    }

    /** The state letter in /proc/pid/stat: T when stopped by a signal. */
    private static char processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
