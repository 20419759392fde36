package io.mayfly.proxy.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's HTTP face for operators: {@code /metrics} (Prometheus text), {@code /health} (200
 * when it can serve, 503 with the reason), {@code /api/pool} (the dashboard's JSON) and {@code /}
 * (the dashboard, one self-contained page). Read-only: nothing here changes the proxy or shows a
 * cached byte. Bound to loopback unless told otherwise; off loopback it asks for a bearer token,
 * since function names, sizes and the bill are still worth keeping private.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

    /** Whether the proxy can serve, and if not why. */
    public record Health(boolean up, String reason) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry prometheus;
    private final ProxyMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsEndpoint(
            HttpServer server, ExecutorService executor, PrometheusMeterRegistry prometheus, ProxyMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.prometheus = prometheus;
        this.metrics = metrics;
    }

    /**
     * Starts serving.
     *
     * @param bearerToken required in an {@code Authorization: Bearer} header, or null for none
     *     (only allowed on loopback)
     * @param pool the dashboard's JSON
     */
    public static MetricsEndpoint start(
            String host,
            int port,
            @Nullable String bearerToken,
            ProxyMetrics metrics,
            Supplier<Health> health,
            Supplier<String> pool) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (bearerToken == null && !address.isLoopbackAddress()) {
                throw new IllegalArgumentException("the metrics endpoint on " + host + " would be reachable off this"
                        + " machine without a token: set --metrics-token-file (or MAYFLY_METRICS_TOKEN), or bind"
                        + " --metrics-bind-host to 127.0.0.1");
            }
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
            // Two threads: a scrape never waits behind a slow dashboard reader for long.
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "mayfly-metrics-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, prometheus, metrics);
            server.createContext("/", exchange -> endpoint.serve(exchange, bearerToken, health, pool));
            metrics.exportTo(prometheus);
            server.start();
            log.info("metrics and dashboard at http://{}:{}/", host, endpoint.port());
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on " + host + ":" + port + ": " + e.getMessage()
                            + " (--metrics-port, --metrics-bind-host)",
                    e);
        }
    }

    /** Serves a proxy's meters, health and dashboard. */
    public static MetricsEndpoint start(
            String host, int port, @Nullable String bearerToken, io.mayfly.proxy.ProxyStack stack) {
        io.mayfly.proxy.ProxyServer server = stack.server();
        return start(host, port, bearerToken, server.metrics(), server::health, server::poolReportJson);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange, @Nullable String token, Supplier<Health> health, Supplier<String> pool)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET\n");
                return;
            }
            if (token != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"), token)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(exchange, 401, "text/plain", "a bearer token is required\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape());
                case "/health" -> {
                    Health h = health.get();
                    send(
                            exchange,
                            h.up() ? 200 : 503,
                            "application/json",
                            "{\"status\":\"" + (h.up() ? "UP" : "DOWN") + "\",\"reason\":\"" + Json.escape(h.reason())
                                    + "\"}\n");
                }
                case "/api/pool" -> send(exchange, 200, "application/json", pool.get());
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", dashboard());
                default -> send(exchange, 404, "text/plain", "no such page: " + path + "\n");
            }
        } catch (RuntimeException e) {
            log.debug("metrics request failed", e);
        }
    }

    private static boolean authorized(String header, String token) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(
                header.substring(7).trim().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static String dashboard() throws IOException {
        try (InputStream in = MetricsEndpoint.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IOException("dashboard.html is missing from the proxy jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; style-src 'unsafe-inline';"
                                + " script-src 'unsafe-inline'; connect-src 'self'");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            metrics.removeExporter(prometheus);
            prometheus.close();
        }
    }
}
