package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.proxy.node.BillingWindow;
import org.junit.jupiter.api.Test;
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
