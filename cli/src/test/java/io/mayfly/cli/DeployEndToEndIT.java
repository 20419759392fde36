package io.mayfly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path a user takes, every step through the built mayfly.jar and the AWS SDK: a standalone
 * `mayfly local` process, `mayfly deploy` of 12 functions to it, `mayfly proxy --runtime aws
 * --endpoint-url` against them, values through javax.cache in remote mode, `mayfly status`,
 * a code change redeployed (only the code updated), `mayfly destroy`.
 */
class DeployEndToEndIT {
    private static final Pattern LOCAL_READY = Pattern.compile("mayfly local: Lambda API on (http://\\S+)");
    private static final Pattern PROXY_READY = Pattern.compile("mayfly-proxy: clients on [^:]*:(\\d+),");
    private static final String ROLE = "arn:aws:iam::123456789012:role/mayfly-node";
    private static final String PREFIX = "e2e-node-";

    @TempDir
    Path dir;

    private static String[] args(String command, URI endpoint, String... extra) {
        String[] base = {
            command,
            "--endpoint-url",
            endpoint.toString(),
            "--functions",
            "12",
            "--prefix",
            PREFIX,
            "--memory-mb",
            "256"
        };
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void deployServeRedeployAndDestroyThroughTheMayflyCommand() throws Exception {
        Path logs = Path.of("target", "e2e-logs");
        try (CliProcess local = CliProcess.start(
                logs.resolve("mayfly-local.log"),
                LOCAL_READY,
                "1g",
                "local",
                "--port",
                "0",
                "--transition-delay-ms",
                "100")) {
            URI endpoint = URI.create(local.ready());

            CliRun deploy = CliRun.of(args(
                    "deploy", endpoint, "--role-arn", ROLE, "--poll-interval-ms", "50", "--reserved-concurrency", "2"));
            assertThat(deploy.exitCode()).as(deploy.err()).isZero();
            assertThat(deploy.linesContaining(": created")).isEqualTo(12);

            CliRun again = CliRun.of(args("deploy", endpoint, "--reserved-concurrency", "2"));
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("all 12 functions already as asked; nothing changed");

            CliRun status = CliRun.of(args("status", endpoint, "--reserved-concurrency", "2"));
            assertThat(status.exitCode()).as(status.out()).isZero();
            assertThat(status.linesContaining("Active, last update Successful, code matches, 256 MB, arm64"))
                    .isEqualTo(12);

            try (CliProcess proxy = CliProcess.start(
                    logs.resolve("mayfly-proxy.log"),
                    PROXY_READY,
                    "512m",
                    "proxy",
                    "--runtime",
                    "aws",
                    "--endpoint-url",
                    endpoint.toString(),
                    "--pool-size",
                    "12",
                    "--function-prefix",
                    PREFIX,
                    "--function-memory-mb",
                    "256",
                    "--client-port",
                    "0",
                    "--node-port",
                    "0",
                    "-k",
                    "4",
                    "-r",
                    "2",
                    "--warmup-interval-ms",
                    "0",
                    "--backup-interval-ms",
                    "0")) {
                byte[] large = new byte[3 << 20];
                new Random(13).nextBytes(large);
                try (CachingProvider provider = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")) {
                    Properties remote = new Properties();
                    remote.setProperty("mayfly.proxy", "127.0.0.1:" + proxy.ready());
                    remote.setProperty("mayfly.operation-timeout-ms", "30000");
                    CacheManager manager = provider.getCacheManager(
                            URI.create("e2e:remote"), getClass().getClassLoader(), remote);
                    Cache<String, byte[]> cache = manager.createCache("blobs", new MutableConfiguration<>());

                    cache.put("large", large);
                    cache.put("small", "hello".getBytes());

                    assertThat(cache.get("large")).isEqualTo(large);
                    assertThat(new String(cache.get("small"))).isEqualTo("hello");

                    // New code: every function updated, nothing else; the pool serves again with it.
                    Path changed = changedCode(dir.resolve("node-changed.jar"));
                    CliRun redeploy = CliRun.of(args(
                            "deploy",
                            endpoint,
                            "--code",
                            changed.toString(),
                            "--reserved-concurrency",
                            "2",
                            "--poll-interval-ms",
                            "50"));
                    assertThat(redeploy.exitCode()).as(redeploy.err()).isZero();
                    assertThat(redeploy.out().lines().filter(l -> l.startsWith(PREFIX)))
                            .hasSize(12)
                            .allMatch(l -> l.endsWith(": updated code"), "only the code updated");
                    assertThat(CliRun.of(args("status", endpoint, "--code", changed.toString()))
                                    .exitCode())
                            .isZero();

                    byte[] after = new byte[2 << 20];
                    new Random(14).nextBytes(after);
                    cache.put("after-redeploy", after);
                    assertThat(cache.get("after-redeploy")).isEqualTo(after);
                    manager.close();
                }
            }

            CliRun destroy = CliRun.of(
                    "destroy", "--yes", "--endpoint-url", endpoint.toString(), "--functions", "12", "--prefix", PREFIX);
            assertThat(destroy.exitCode()).as(destroy.err()).isZero();
            assertThat(destroy.out()).contains("12 functions deleted");
            CliRun gone = CliRun.of(args("status", endpoint));
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.linesContaining(": MISSING")).isEqualTo(12);
        }
    }

    /** The bundled function jar with one more entry: new bytes, the same behaviour. */
    private static Path changedCode(Path target) throws IOException {
        Path original = bundledNodeJar(CliProcess.jar());
        try (ZipFile in = new ZipFile(original.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (var body = in.getInputStream(e)) {
                    body.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("redeployed.txt"));
            out.write("changed".getBytes());
            out.closeEntry();
        }
        return target;
    }

    /** lambda-node's jar, taken out of mayfly.jar as `mayfly deploy` takes it. */
    private static Path bundledNodeJar(Path mayflyJar) throws IOException {
        Path extracted = Files.createTempFile("mayfly-lambda-node-", ".jar");
        extracted.toFile().deleteOnExit();
        try (ZipFile jar = new ZipFile(mayflyJar.toFile())) {
            ZipEntry node = jar.getEntry("META-INF/mayfly/mayfly-lambda-node.jar");
            assertThat(node).as("mayfly.jar bundles lambda-node's jar").isNotNull();
            try (var in = jar.getInputStream(node)) {
                Files.copy(in, extracted, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return extracted;
    }
}
