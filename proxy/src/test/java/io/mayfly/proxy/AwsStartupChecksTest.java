package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * With --runtime aws the proxy checks its functions before it accepts clients, and says every
 * problem at once. Run against lambda-local through --endpoint-url: the same SDK calls as on AWS.
 */
class AwsStartupChecksTest {
    private LocalLambdaService lambda;

    @BeforeEach
    void start() {
        lambda = LocalLambdaService.start();
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    private void register(String name, int memoryMb) {
        lambda.register(FunctionDefinition.builder(name, LocalFunctions.DEFAULT_NODE_HANDLER)
                .memoryMb(memoryMb)
                .build());
    }

    private static ProxySettings settings() {
        return ProxySettings.DEFAULTS
                .withPool(12, 256)
                .withPorts(0, 0)
                .withRuntime(FunctionRuntime.AWS, "us-east-1", "pf-");
    }

    @Test
    void missingFunctionsAndAWrongMemoryAreReportedTogetherBeforeClientsAreAccepted() {
        for (int i = 0; i < 10; i++) {
            register("pf-" + i, i == 3 ? 512 : 256);
        }

        assertThatThrownBy(() -> ProxyStack.start(settings(), LocalFunctions.NodeCode.DEFAULT, lambda.endpoint()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the proxy will not start: 2 problems with its functions in " + lambda.endpoint())
                .hasMessageContaining("2 of the 12 functions do not exist")
                .hasMessageContaining("(pf-10, pf-11)")
                .hasMessageContaining("mayfly deploy --functions 12")
                .hasMessageContaining("pf-3 has 512 MB but --function-memory-mb is 256");
        // Nothing was invoked: the checks read and dry-run only.
        assertThat(lambda.control().instances()).isEmpty();
    }

    @Test
    void noFunctionAtAllPointsAtTheRegion() {
        assertThatThrownBy(() -> ProxyStack.start(settings(), LocalFunctions.NodeCode.DEFAULT, lambda.endpoint()))
                .hasMessageContaining("none of the 12 functions pf-0..pf-11 exists in " + lambda.endpoint())
                .hasMessageContaining("check --region");
    }

    @Test
    void aCompletePoolStarts() {
        for (int i = 0; i < 12; i++) {
            register("pf-" + i, 256);
        }
        try (ProxyStack stack = ProxyStack.start(settings(), LocalFunctions.NodeCode.DEFAULT, lambda.endpoint())) {
            assertThat(stack.server().clientAddress().getPort()).isPositive();
        }
        assertThat(lambda.control().instances()).isEmpty();
    }

    @Test
    void aLoopbackOrWildcardAdvertisedHostRefusesToStartAgainstAws() {
        for (String host : new String[] {"127.0.0.1", "localhost", "0.0.0.0", "::1"}) {
            ProxyMain main = new ProxyMain();
            new CommandLine(main)
                    .parseArgs("--runtime", "aws", "--advertised-host", host, "--client-port", "0", "--node-port", "0");
            Callable<Integer> run = main;
            assertThatThrownBy(run::call)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--advertised-host " + host + " is a")
                    .hasMessageContaining("private IP address");
        }
        // The default advertised host is loopback: the bare command says what to set.
        ProxyMain defaults = new ProxyMain();
        new CommandLine(defaults).parseArgs("--runtime", "aws");
        assertThatThrownBy(defaults::call).hasMessageContaining("--advertised-host 127.0.0.1 is a loopback address");
        ProxyStack.requireRoutableAdvertisedHost("10.0.3.17");
    }
}
