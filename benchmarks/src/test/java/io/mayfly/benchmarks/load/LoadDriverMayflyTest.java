package io.mayfly.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.benchmarks.testing.HeadlessChromium;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver end to end against real Mayfly: the embedded store in this JVM and a proxy JVM it
 * starts (jcache-remote), each metered by the billing meter of the lambda-local its functions
 * run on, and the report opened in headless Chromium.
 */
class LoadDriverMayflyTest {
    private static final String MAYFLY = "io.mayfly.jcache.MayflyCachingProvider";
    private static final Pattern METERED = Pattern.compile(
            "metered by lambda-local \\((jcache|jcache-remote)\\): ([0-9.eE+-]+) GB-s, (\\d+) invocations");

    @Test
    void embeddedAndRemoteRunsAreMeteredByLambdaLocalAndTheProxyJvmIsStopped(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // Values of 1-4 MiB reach the functions (the proxy keeps values under 1 MiB whole).
        int exit = LoadDriver.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--target",
                "jcache,jcache-remote",
                "--jcache-provider",
                MAYFLY,
                "--jcache-remote-heap",
                "1g",
                "--total-bytes",
                "8MiB",
                "--max-object-bytes",
                "4MiB",
                "--large-threshold-bytes",
                "1MiB",
                "--time-compression",
                "0",
                "--report",
                report.toString());

        String text = out.toString();
        assertThat(exit).as("exit code; stdout: %s%nstderr: %s", text, err).isZero();
        assertThat(text)
                .contains("Target jcache: " + MAYFLY)
                .contains("Target jcache-remote: " + MAYFLY)
                .doesNotContain("wrong values 1")
                .contains("Request billing used: metered by lambda-local (jcache): ")
                .contains("Cross-checks")
                .contains("modelled: ");
        Matcher metered = METERED.matcher(text);
        int seen = 0;
        while (metered.find()) {
            seen++;
            assertThat(Double.parseDouble(metered.group(2)))
                    .as("GB-s of %s", metered.group(1))
                    .isPositive();
            assertThat(Long.parseLong(metered.group(3)))
                    .as("invocations of %s", metered.group(1))
                    .isPositive();
        }
        assertThat(seen).as("metered lines in %s", text).isEqualTo(2);

        // The fixed cost's per-invocation billed ms come from the on-demand rounds after the jcache replay.
        String meteredFixed = "metered by lambda-local (one on-demand round after the replay)";
        assertThat(text)
                .containsPattern("Warm-up every [^:]+: [0-9.]+ ms per invocation, " + Pattern.quote(meteredFixed))
                .containsPattern("Backup every [^:]+: +[0-9.]+ ms per invocation, " + Pattern.quote(meteredFixed));
        Matcher measured = Pattern.compile("measured on jcache at \\d+ MB: warm-up ([0-9.]+) ms \\((\\d+)"
                        + " invocations\\), delta-sync backup ([0-9.]+) ms \\((\\d+), used\\)")
                .matcher(text);
        assertThat(measured.find()).as("keep-alive measurement in %s", text).isTrue();
        assertThat(Double.parseDouble(measured.group(1)))
                .as("warm-up billed ms")
                .isPositive();
        assertThat(Integer.parseInt(measured.group(2))).as("warm-ups measured").isPositive();
        assertThat(Double.parseDouble(measured.group(3))).as("backup billed ms").isPositive();
        assertThat(Integer.parseInt(measured.group(4))).as("backups measured").isPositive();

        // The proxy JVM the driver started is gone, and its client port closed.
        Matcher proxy = Pattern.compile("proxy JVM pid (\\d+) on 127\\.0\\.0\\.1:(\\d+)")
                .matcher(text);
        assertThat(proxy.find()).as("proxy JVM named in %s", text).isTrue();
        long pid = Long.parseLong(proxy.group(1));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("proxy JVM alive")
                .isFalse();
        assertThat(refusesConnections(Integer.parseInt(proxy.group(2)))).isTrue();

        String page = Files.readString(report);
        assertThat(page)
                .contains("jcache-remote")
                .contains("metered by lambda-local (jcache) (used)")
                .contains("metered by lambda-local (jcache-remote) (cross-check)")
                .contains("Warm-up billed per invocation: " + meteredFixed)
                .contains("Backup billed per invocation: " + meteredFixed);
        assertThat(page.contains("http://") || page.contains("https://"))
                .as("page names a URL")
                .isFalse();
        Map<String, Map<String, String>> charts = HeadlessChromium.renderedCharts(report, dir);
        assertThat(charts).containsKeys("cost-over-time", "cost-ratio");
        charts.forEach((id, attributes) -> assertThat(attributes.get("data-rendered"))
                .as("chart %s rendered (%s)", id, attributes)
                .isEqualTo("true"));
    }

    private static boolean refusesConnections(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }
}
