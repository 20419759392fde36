package io.mayfly.benchmarks.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy JVM of the jcache-remote target: started on loopback, metered, and stopped. */
class MayflyProxyProcessTest {

    @Test
    void aProxyJvmReportsItsPortsAndBillingAndStopsOnClose() throws Exception {
        MayflyProxyProcess proxy = new MayflyProxyProcess(
                "256m",
                List.of(
                        "--runtime",
                        "local-in-process",
                        "--pool-size",
                        "2",
                        "-k",
                        "1",
                        "-r",
                        "1",
                        "--function-memory-mb",
                        "128"));
        try {
            assertThat(proxy.isAlive()).isTrue();
            assertThat(proxy.clientAddress()).matches("127\\.0\\.0\\.1:\\d+");
            HttpResponse<String> billing = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(proxy.billingUrl().resolve("billing?in-flight=true"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(billing.statusCode()).isEqualTo(200);
            assertThat(billing.body()).contains("\"inFlight\":");
        } finally {
            proxy.close();
        }
        proxy.close();
        assertThat(proxy.isAlive()).isFalse();
    }

    @Test
    void aProxyJvmThatCannotStartIsAClearErrorAndLeavesNothingRunning() {
        assertThatThrownBy(() -> new MayflyProxyProcess("256m", List.of("--pool-size", "0")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("before it reported ready")
                .hasMessageContaining("pool-size 0 must be at least 1");
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().commandLine().orElse("").contains("io.mayfly.proxy.ProxyMain")))
                .isEmpty();
    }
}
