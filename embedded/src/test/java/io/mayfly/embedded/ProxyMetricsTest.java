package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import io.mayfly.testing.HeadlessChromium;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's meters over HTTP (Prometheus), its health, its MBean and the live pool dashboard. */
class ProxyMetricsTest {

    private static final int POOL = 6;

    private ObjectStore store;
    private ProxyStack stack;
    private MetricsEndpoint endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = new ProxyStoreFactory()
                .open(Map.of(
                        "mayfly.embedded.pool-size", String.valueOf(POOL),
                        "mayfly.data-shards", "4",
                        "mayfly.parity-shards", "2",
                        "mayfly.operation-timeout-ms", "30000",
                        // Functions stay in their serve invocation: the dashboard test watches a
                        // serving tile change only when its instance is reclaimed.
                        "mayfly.embedded.idle-return-ms", "300000",
                        "mayfly.embedded.dashboard-port", "0"));
        stack = EmbeddedStores.proxyOf(store);
        endpoint = EmbeddedStores.dashboardOf(store);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void putAndGet() {
        KeySpace space = store.keySpace("metrics", new CodingSettings(4, 2, 1 << 20, 1L << 30));
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        space.put("big".getBytes(), big, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        space.put("small".getBytes(), new byte[100], KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        assertThat(space.get("big".getBytes()).value()).isEqualTo(big);
        assertThat(space.get("small".getBytes()).value()).hasSize(100);
        assertThat(space.get("absent".getBytes())).isNull();
    }

    @Test
    void aScrapeAfterAPutAndAGetFindsTheCountersMoved() throws Exception {
        String before = get("/metrics").body();
        assertThat(sample(before, "mayfly_proxy_puts_total")).isZero();

        putAndGet();

        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        String after = response.body();
        assertThat(sample(after, "mayfly_proxy_puts_total")).isEqualTo(2);
        assertThat(sample(after, "mayfly_proxy_gets_total{served=\"whole\"}")).isEqualTo(1);
        assertThat(sample(after, "mayfly_proxy_gets_total{served=\"small_tier\"}"))
                .isEqualTo(1);
        assertThat(sample(after, "mayfly_proxy_gets_total{served=\"miss\"}")).isEqualTo(1);
        assertThat(sample(after, "mayfly_proxy_invocations_started_total{command=\"serve\"}"))
                .isGreaterThanOrEqualTo(6);
        assertThat(sample(after, "mayfly_proxy_cold_starts_total")).isGreaterThanOrEqualTo(6);
        assertThat(after).contains("mayfly_proxy_nodes{state=\"serving\"}");
        assertThat(after).contains("mayfly_proxy_node_stored_bytes{function=\"mayfly-node-0\"}");
        assertThat(sample(after, "mayfly_proxy_small_tier_stored_bytes")).isEqualTo(100);
        assertThat(sample(after, "mayfly_proxy_values")).isEqualTo(2);

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        Set<ObjectName> beans =
                ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.mayfly:type=Proxy,*"), null);
        assertThat(beans).isNotEmpty();
        double puts = 0;
        for (ObjectName bean : beans) {
            puts = Math.max(
                    puts, (Double) ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "mayfly.proxy.puts"));
        }
        assertThat(puts).isEqualTo(2);
    }

    @Test
    void healthIsDownOnceTheProxyIsClosed() throws Exception {
        stack.server().close();
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("closed");
    }

    @Test
    void theDashboardShowsOneTilePerFunctionAndATileChangesStateWhenItsInstanceIsReclaimed(@TempDir Path work)
            throws Exception {
        putAndGet();
        ProxyServer proxy = stack.server();
        String function = proxy.nodeName(0);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> proxy.nodeState(0).name().equals("SERVING"));
        URI page = URI.create("http://127.0.0.1:" + endpoint.port() + "/");

        String first = HeadlessChromium.dumpDom(page, Duration.ofSeconds(3), work);
        assertThat(first).contains("data-errors=\"0\"");
        assertThat(first).doesNotContain("data-polls=\"0\"");
        assertThat(Pattern.compile("class=\"tile\"").matcher(first).results().count())
                .isEqualTo(POOL);
        assertThat(first).contains("data-function=\"" + function + "\" data-state=\"serving\"");

        // Lose the function's instance through lambda-local's control API, as Lambda would reclaim it.
        String instance =
                stack.functions().service().control().instances(function).get(0).id();
        HttpResponse<String> reclaimed = http.send(
                HttpRequest.newBuilder(URI.create(
                                stack.functions().endpoint() + "/mayfly-local/instances/" + instance + "/reclaim"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reclaimed.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !proxy.nodeState(0).name().equals("SERVING"));
        String state = proxy.nodeState(0).name().toLowerCase(java.util.Locale.ROOT);

        String second = HeadlessChromium.dumpDom(page, Duration.ofSeconds(3), work);
        assertThat(second).contains("data-errors=\"0\"");
        assertThat(second).contains("data-function=\"" + function + "\" data-state=\"" + state + "\"");
    }
}
