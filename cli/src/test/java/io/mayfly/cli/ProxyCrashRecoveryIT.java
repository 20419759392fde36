package io.mayfly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * A proxy process killed with SIGKILL loses nothing its functions hold: `mayfly local` and
 * `mayfly proxy` run as separate processes, values of 1 KiB to 50 MiB go in through javax.cache in
 * remote mode, and a proxy restarted on the same functions (same client port, so the client's
 * cache manager carries on) reads every one back byte-identical. The second crash also loses one
 * function's memory while no proxy runs: the values come back from the others and repair rebuilds
 * its shards.
 */
class ProxyCrashRecoveryIT {
    private static final Pattern LOCAL_READY = Pattern.compile("mayfly local: Lambda API on (http://\\S+)");
    private static final Pattern PROXY_READY =
            Pattern.compile("mayfly-proxy: clients on [^:]*:(\\d+),.*metrics on (http://\\S+/)");
    private static final String PREFIX = "crash-node-";
    private static final int FUNCTIONS = 8;
    private static final String MEMORY_MB = "384";
    private static final int VALUES = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path logs = Path.of("target", "crash-logs");

    /**
     * 1 KiB to 1 MiB (log-uniform: mostly the proxy's small-value tier, written through to
     * functions), then four erasure-coded values of 4, 10, 25 and 50 MiB: about 115 MiB in all.
     */
    private static int sizeOf(int i) {
        int[] large = {4 << 20, 10 << 20, 25 << 20, 50 << 20};
        int small = VALUES - large.length;
        if (i >= small) {
            return large[i - small];
        }
        return (int) Math.round(1024 * Math.pow(1024.0, i / (double) (small - 1)));
    }

    private static byte[] value(int i) {
        byte[] b = new byte[sizeOf(i)];
        new Random(7919L * i).nextBytes(b);
        return b;
    }

    private static CliProcess startProxy(Path log, URI lambda, int clientPort) {
        return CliProcess.start(
                log,
                PROXY_READY,
                "768m",
                "proxy",
                "--runtime",
                "aws",
                "--endpoint-url",
                lambda.toString(),
                "--pool-size",
                Integer.toString(FUNCTIONS),
                "--function-prefix",
                PREFIX,
                "--function-memory-mb",
                MEMORY_MB,
                "--client-port",
                Integer.toString(clientPort),
                "--node-port",
                "0",
                "-k",
                "4",
                "-r",
                "2",
                "--warmup-interval-ms",
                "0",
                "--backup-interval-ms",
                "0",
                "--metrics-port",
                "0");
    }

    @Test
    void aProxyKilledWithSigkillAndRestartedReadsEveryValueBackAlsoWithAFunctionLostMeanwhile(TestReporter reporter)
            throws Exception {
        // The processes append to their logs: this run's start afresh.
        for (String name : new String[] {"mayfly-local", "mayfly-proxy-0", "mayfly-proxy-1", "mayfly-proxy-2"}) {
            Files.deleteIfExists(logs.resolve(name + ".log"));
        }
        try (CliProcess local =
                CliProcess.start(logs.resolve("mayfly-local.log"), LOCAL_READY, "2g", "local", "--port", "0")) {
            URI lambda = URI.create(local.ready());
            CliRun deploy = CliRun.of(
                    "deploy",
                    "--endpoint-url",
                    lambda.toString(),
                    "--functions",
                    Integer.toString(FUNCTIONS),
                    "--prefix",
                    PREFIX,
                    "--memory-mb",
                    MEMORY_MB,
                    "--role-arn",
                    "arn:aws:iam::123456789012:role/mayfly-node",
                    "--poll-interval-ms",
                    "50");
            assertThat(deploy.exitCode()).as(deploy.err()).isZero();

            CliProcess proxy = startProxy(logs.resolve("mayfly-proxy-0.log"), lambda, 0);
            int clientPort = Integer.parseInt(proxy.ready());
            try (CachingProvider provider = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")) {
                Properties remote = new Properties();
                remote.setProperty("mayfly.proxy", "127.0.0.1:" + clientPort);
                remote.setProperty("mayfly.data-shards", "4");
                remote.setProperty("mayfly.parity-shards", "2");
                remote.setProperty("mayfly.operation-timeout-ms", "30000");
                CacheManager manager = provider.getCacheManager(
                        URI.create("crash:remote"), getClass().getClassLoader(), remote);
                Cache<Integer, byte[]> cache = manager.createCache(
                        "values", new MutableConfiguration<Integer, byte[]>().setTypes(Integer.class, byte[].class));
                for (int i = 0; i < VALUES; i++) {
                    cache.put(i, value(i));
                }

                for (int round = 0; round < 2; round++) {
                    // A small value is recoverable once its whole copies are on functions; an
                    // erasure-coded one as soon as its put is answered.
                    URI metrics = URI.create(proxy.ready(2));
                    await().atMost(PATIENCE).until(() -> sample(metrics, "mayfly_proxy_small_copies_pending") == 0);
                    proxy.kill();
                    String lost = null;
                    if (round == 1) {
                        lost = PREFIX + "3";
                        assertThat(reclaimAll(lambda, lost))
                                .as("instances of %s reclaimed", lost)
                                .isPositive();
                    }

                    long start = System.nanoTime();
                    proxy = startProxy(logs.resolve("mayfly-proxy-" + (round + 1) + ".log"), lambda, clientPort);
                    long ready = System.nanoTime();
                    assertThat(cache.get(0)).isEqualTo(value(0));
                    long firstRead = System.nanoTime();
                    String what = round == 0 ? "restart" : "restart with " + lost + " reclaimed";
                    String timing = what + ": process start to first read " + millis(firstRead - start)
                            + " ms (JVM start and listeners " + millis(ready - start) + " ms, then recovery and"
                            + " the read " + millis(firstRead - ready) + " ms)";
                    System.out.println("ProxyCrashRecoveryIT " + timing);
                    reporter.publishEntry(
                            "restart-to-first-read-ms-" + round, Long.toString(millis(firstRead - start)));

                    for (int i = 0; i < VALUES; i++) {
                        assertThat(cache.get(i))
                                .as("value %d of %d bytes after %s", i, sizeOf(i), what)
                                .isEqualTo(value(i));
                    }
                    if (round == 1) {
                        URI m = URI.create(proxy.ready(2));
                        // The lost function's shards are rebuilt from the others.
                        await().atMost(PATIENCE).until(() -> sample(m, "mayfly_proxy_repairs_total") > 0);
                        assertThat(sample(m, "mayfly_proxy_values_lost_total")).isZero();
                    }
                }
                manager.close();
            } finally {
                proxy.close();
            }
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Reclaims every live instance of {@code function} through lambda-local's control API. */
    private int reclaimAll(URI lambda, String function) throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(
                HttpRequest.newBuilder(lambda.resolve("/mayfly-local/instances?function=" + function))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        int reclaimed = 0;
        for (JsonNode instance : new ObjectMapper().readTree(list.body())) {
            if (instance.get("state").asText().equals("TERMINATED")) {
                continue;
            }
            HttpResponse<String> reclaim = http.send(
                    HttpRequest.newBuilder(lambda.resolve("/mayfly-local/instances/"
                                    + instance.get("id").asText() + "/reclaim"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reclaim.statusCode()).as(reclaim.body()).isEqualTo(204);
            reclaimed++;
        }
        return reclaimed;
    }

    /** One series of the proxy's Prometheus scrape; fails when the series is absent. */
    private double sample(URI metrics, String series) throws IOException, InterruptedException {
        String scrape = http.send(
                        HttpRequest.newBuilder(metrics.resolve("metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(scrape);
        assertThat(m.find()).as("%s in the scrape", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
