package io.mayfly.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.benchmarks.testing.RequiredBinary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver end to end: a tiny synthetic trace against a redis-server it starts and stops. */
class LoadDriverRedisTest {

    @Test
    void replaysATinyTraceAgainstRedisAndWritesTheReport(@TempDir Path dir) throws IOException {
        Path redis = RequiredBinary.find("redis-server", "redis-server", List.of(Path.of("/usr/bin/redis-server")));
        Path report = dir.resolve("report.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LoadDriver.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--target",
                "redis",
                "--redis-server",
                redis.toString(),
                "--total-bytes",
                "24MiB",
                "--max-object-bytes",
                "16MiB",
                "--large-threshold-bytes",
                "2MiB",
                "--time-compression",
                "0",
                "--report",
                report.toString());

        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        String text = out.toString();
        assertThat(text)
                .contains("Target redis:")
                .contains("hit ratio")
                .contains("Cost over the trace's 50.00 hours")
                .contains("ElastiCache: 1 x cache.r5.24xlarge")
                .contains("$518.40");
        assertThat(text).containsPattern("wrong values 0,");
        Matcher hits = Pattern.compile("hit ratio (\\d\\.\\d+)").matcher(text);
        assertThat(hits.find()).isTrue();
        assertThat(Double.parseDouble(hits.group(1))).isGreaterThan(0.5);
        assertThat(Files.readString(report)).contains("<svg class=\"chart\"").contains("cost-ratio");

        // The server the driver started is gone.
        Matcher port = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)").matcher(text);
        assertThat(port.find()).isTrue();
        assertThat(refusesConnections(Integer.parseInt(port.group(1)))).isTrue();
    }

    @Test
    void aMissingRedisServerIsAClearError(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LoadDriver.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--redis-server",
                dir.resolve("no-such-redis").toString(),
                "--total-bytes",
                "1MiB",
                "--max-object-bytes",
                "512KiB",
                "--large-threshold-bytes",
                "64KiB",
                "--time-compression",
                "0",
                "--report",
                dir.resolve("r.html").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("redis-server not found").contains("--redis-server PATH");
    }

    @Test
    void aMalformedCsvTraceNamesItsLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "0,GET,a,10\n1,GET,a\n");
        StringWriter err = new StringWriter();
        int exit = LoadDriver.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "--trace-csv",
                csv.toString(),
                "--report",
                dir.resolve("r.html").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("t.csv line 2");
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
