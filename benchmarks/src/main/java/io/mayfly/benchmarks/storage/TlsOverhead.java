package io.mayfly.benchmarks.storage;

import io.mayfly.client.ClientSecurity;
import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.client.StoredValue;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxySecurity;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.ProxyTls;
import io.mayfly.testing.SelfSignedPem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What TLS costs a get: the same proxy and 12 in-process functions (RS(10+2)) on loopback, first
 * plain, then with TLS on both the client and the node port, in one run; p50 of a 100 MiB get
 * (shards from the functions) and of a 1 KiB get (the proxy's small-value tier). Both runs use
 * the auth token, so the difference is TLS alone.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -Xmx4g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.mayfly.benchmarks.storage.TlsOverhead
 * </pre>
 */
@Command(
        name = "tls-overhead",
        mixinStandardHelpOptions = true,
        description = "p50 of 100 MiB and 1 KiB gets through a proxy with TLS vs without.")
public final class TlsOverhead implements Callable<Integer> {

    private static final String TOKEN = "tls-overhead-benchmark-token-0123456789";

    @Option(names = "--large-mib", defaultValue = "100", description = "large value in MiB (default ${DEFAULT-VALUE})")
    int largeMib;

    @Option(names = "--large-gets", defaultValue = "15", description = "measured large gets (default ${DEFAULT-VALUE})")
    int largeGets;

    @Option(
            names = "--small-gets",
            defaultValue = "2000",
            description = "measured 1 KiB gets (default ${DEFAULT-VALUE})")
    int smallGets;

    @Option(names = "--warmup", defaultValue = "3", description = "unmeasured large gets (default ${DEFAULT-VALUE})")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TlsOverhead()).execute(args));
    }

    record Result(String mode, double largeP50Ms, double smallP50Ms) {}

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("mayfly-tls-bench");
        try {
            SelfSignedPem cert = SelfSignedPem.generate(dir, "proxy");
            Path trust = cert.certificate();
            Result plain = run("plain", false, cert, trust);
            Result tls = run("tls", true, cert, trust);
            System.out.println();
            System.out.println("get p50          plain        tls          tls/plain");
            System.out.printf(
                    Locale.ROOT,
                    "%3d MiB        %8.1f ms  %8.1f ms   %.2f%n",
                    largeMib,
                    plain.largeP50Ms(),
                    tls.largeP50Ms(),
                    tls.largeP50Ms() / plain.largeP50Ms());
            System.out.printf(
                    Locale.ROOT,
                    "  1 KiB        %8.3f ms  %8.3f ms   %.2f%n",
                    plain.smallP50Ms(),
                    tls.smallP50Ms(),
                    tls.smallP50Ms() / plain.smallP50Ms());
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private Result run(String mode, boolean tls, SelfSignedPem cert, Path trust) {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withPorts(0, 0)
                .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-");
        ProxySecurity security = ProxySecurity.withToken(TOKEN);
        if (tls) {
            security = security.withTls(ProxyTls.load(cert.certificate(), cert.privateKey()), true, true);
        }
        Map<String, String> client = tls
                ? Map.of(
                        "mayfly.auth.token",
                        TOKEN,
                        "mayfly.tls.enabled",
                        "true",
                        "mayfly.tls.trust-certificates",
                        trust.toString())
                : Map.of("mayfly.auth.token", TOKEN);
        try (ProxyStack stack = ProxyStack.start(settings, security, LocalFunctions.NodeCode.DEFAULT);
                ObjectStore store = ProxyObjectStore.remote(
                        List.of(stack.server().clientAddress()),
                        120_000,
                        10_000,
                        1 << 20,
                        ClientSecurity.fromSettings(client))) {
            KeySpace space = store.keySpace("bench", CodingSettings.DEFAULTS);
            byte[] largeKey = "large".getBytes(StandardCharsets.UTF_8);
            byte[] smallKey = "small".getBytes(StandardCharsets.UTF_8);
            byte[] large = value(largeMib << 20, 1);
            byte[] small = value(1024, 2);
            space.put(largeKey, large, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            space.put(smallKey, small, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            double largeP50 = p50(space, largeKey, large, warmup, largeGets);
            double smallP50 = p50(space, smallKey, small, smallGets / 10, smallGets);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d MiB get p50 %.1f ms (%d gets), 1 KiB get p50 %.3f ms (%d gets)%n",
                    mode,
                    largeMib,
                    largeP50,
                    largeGets,
                    smallP50,
                    smallGets);
            return new Result(mode, largeP50, smallP50);
        }
    }

    private static double p50(KeySpace space, byte[] key, byte[] expected, int warmup, int gets) {
        StoredValue first = space.get(key);
        if (first == null || !Arrays.equals(first.value(), expected)) {
            throw new IllegalStateException("the " + expected.length + "-byte value did not read back intact");
        }
        for (int i = 0; i < warmup; i++) {
            space.get(key);
        }
        List<Long> latencies = new ArrayList<>(gets);
        for (int i = 0; i < gets; i++) {
            long start = System.nanoTime();
            StoredValue v = space.get(key);
            latencies.add(System.nanoTime() - start);
            byte[] got = v == null ? null : v.value();
            if (got == null || got.length != expected.length) {
                throw new IllegalStateException("the " + expected.length + "-byte value was lost during the run");
            }
        }
        latencies.sort(null);
        return latencies.get(latencies.size() / 2) / 1e6;
    }

    private static byte[] value(int length, long seed) {
        byte[] value = new byte[length];
        new SplittableRandom(seed).nextBytes(value);
        return value;
    }
}
