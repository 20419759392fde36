package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.proxy.node.BillingWindow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProxyMainTest {

    @Test
    void optionsBecomeValidatedSettings() {
        ProxyMain main = new ProxyMain();
        new CommandLine(main)
                .parseArgs(
                        "--client-port",
                        "0",
                        "--node-port",
                        "0",
                        "--pool-size",
                        "6",
                        "-k",
                        "4",
                        "-r",
                        "2",
                        "--function-memory-mb",
                        "512",
                        "--small-value-threshold-bytes",
                        "0",
                        "--runtime",
                        "aws",
                        "--region",
                        "eu-west-1",
                        "--function-prefix",
                        "cache-");
        ProxySettings settings = main.settings();
        assertThat(settings.poolSize()).isEqualTo(6);
        assertThat(settings.dataShards()).isEqualTo(4);
        assertThat(settings.runtime()).isEqualTo(FunctionRuntime.AWS);
        assertThat(settings.functionPrefix()).isEqualTo("cache-");
        assertThat(settings.nodeOverheadMb()).isEqualTo(ProxySettings.defaultOverheadMb(512));
        assertThat(settings.billing()).isEqualTo(BillingWindow.DEFAULTS);
    }

    @Test
    void impossibleCodingIsRefusedWithTheLimit() {
        ProxyMain main = new ProxyMain();
        new CommandLine(main).parseArgs("--pool-size", "4", "-k", "4", "-r", "2");
        assertThatThrownBy(main::settings).hasMessageContaining("k+r <= pool-size 4");
        ProxyMain runtime = new ProxyMain();
        new CommandLine(runtime).parseArgs("--runtime", "lambda");
        assertThatThrownBy(runtime::settings).hasMessageContaining("not one of local-process, local-in-process, aws");
    }

    @Test
    void aNetworkBindWithoutATokenExitsWithStatusTwoNamingTheOption() {
        ProxyMain main = new ProxyMain();
        main.environment = name -> null;
        StringWriter err = new StringWriter();
        int status = ProxyMain.run(
                new String[] {"--bind-host", "0.0.0.0", "--client-port", "0", "--node-port", "0"},
                main,
                new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--auth-token-file").contains("0.0.0.0");
    }

    @Test
    void theInsecureOptOutStartsWithAWarning() {
        ProxyMain main = new ProxyMain();
        main.environment = name -> null;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        main.warnings = new PrintStream(warnings, true, StandardCharsets.UTF_8);
        new CommandLine(main).parseArgs("--bind-host", "0.0.0.0", "--insecure-no-auth");
        ProxySecurity security = main.security();
        security.requireAuthOffLoopback(main.settings().bindHost());
        assertThat(security.authToken()).isNull();
        assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("WARNING --insecure-no-auth");
    }

    @Test
    void aTokenFileOrTheEnvironmentAllowsANetworkBind(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "0123456789abcdef0123456789abcdef\n");
        ProxyMain fromFile = new ProxyMain();
        fromFile.environment = name -> null;
        new CommandLine(fromFile).parseArgs("--bind-host", "0.0.0.0", "--auth-token-file", file.toString());
        ProxySecurity security = fromFile.security();
        assertThat(security.authToken()).isEqualTo("0123456789abcdef0123456789abcdef");
        security.requireAuthOffLoopback(fromFile.settings().bindHost());

        ProxyMain fromEnvironment = new ProxyMain();
        fromEnvironment.environment = name -> name.equals("MAYFLY_AUTH_TOKEN") ? "fedcba9876543210fedcba" : null;
        new CommandLine(fromEnvironment).parseArgs("--bind-host", "0.0.0.0");
        assertThat(fromEnvironment.security().authToken()).isEqualTo("fedcba9876543210fedcba");
    }

    @Test
    void aShortTokenIsRefusedWithTheMinimum(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "short");
        ProxyMain main = new ProxyMain();
        new CommandLine(main).parseArgs("--auth-token-file", file.toString());
        assertThatThrownBy(main::security)
                .hasMessageContaining("--auth-token-file")
                .hasMessageContaining("at least 16");
    }

    @Test
    void clientAndNodeListenersBindSeparately() {
        ProxyMain main = new ProxyMain();
        main.environment = name -> null;
        new CommandLine(main).parseArgs("--bind-host", "10.1.2.3", "--client-bind-host", "127.0.0.1");
        assertThat(main.settings().bindHost()).isEqualTo("127.0.0.1");
        ProxySecurity security = main.security();
        assertThat(security.nodeBindHost()).isEqualTo("10.1.2.3");
        // The client port stays private, so no token is needed.
        security.requireAuthOffLoopback(main.settings().bindHost());

        ProxyMain nodesOnly = new ProxyMain();
        new CommandLine(nodesOnly).parseArgs("--node-bind-host", "0.0.0.0");
        assertThat(nodesOnly.settings().bindHost()).isEqualTo(ProxySettings.DEFAULTS.bindHost());
        assertThat(nodesOnly.security().nodeBindHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void connectionLimitsAreOptionsWithDefaultsAndValidated() {
        ProxyMain main = new ProxyMain();
        new CommandLine(main)
                .parseArgs(
                        "--max-client-connections", "10",
                        "--max-requests-in-flight", "20",
                        "--max-bytes-in-flight-per-connection", "1048576",
                        "--auth-timeout-ms", "500",
                        "--idle-timeout-ms", "0",
                        "--buffered-direct-bytes", "33554432");
        assertThat(main.connectionLimits()).isEqualTo(new ConnectionLimits(10, 20, 1 << 20, 500, 0, 32 << 20));
        assertThat(new ProxyMain().connectionLimits()).isEqualTo(ConnectionLimits.DEFAULTS);
        ProxyMain bad = new ProxyMain();
        new CommandLine(bad).parseArgs("--max-requests-in-flight", "0");
        assertThatThrownBy(bad::connectionLimits).hasMessageContaining("--max-requests-in-flight");
    }
}
