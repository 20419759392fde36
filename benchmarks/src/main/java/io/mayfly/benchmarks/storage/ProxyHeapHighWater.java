package io.mayfly.benchmarks.storage;

import com.sun.tools.attach.VirtualMachine;
import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.client.StoredValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The proxy's heap high-water mark while a large value moves through it. The proxy runs alone in
 * its own JVM ({@code mayfly-proxy.jar}, runtime local-process, so the functions are child JVMs
 * and their shards are not in its heap) with a small {@code -Xmx}; this JVM puts and gets one
 * value through it over TCP, and reads the proxy's heap pools' peak usage over JMX (attach API,
 * local management agent) after resetting them just before each transfer. Netty keeps segments
 * in direct buffers, outside the heap: the JVM's "direct" buffer pool has no peak, so it is
 * sampled every 10 ms during each transfer (a lower bound of its peak).
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar io.mayfly.benchmarks.storage.ProxyHeapHighWater
 * </pre>
 */
@Command(
        name = "proxy-heap-high-water",
        mixinStandardHelpOptions = true,
        description = "Peak heap of a separate proxy JVM while a 512 MiB value is put and got through it.")
public final class ProxyHeapHighWater implements Callable<Integer> {

    private static final Pattern CLIENT_PORT = Pattern.compile("clients on [^ ]*:(\\d+),");

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(names = "--proxy-jar", defaultValue = "proxy/target/mayfly-proxy.jar")
    Path proxyJar;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(names = "--node-jar", defaultValue = "lambda-node/target/mayfly-lambda-node.jar")
    Path nodeJar;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--proxy-heap",
            defaultValue = "256m",
            description = "the proxy JVM's -Xmx (default: ${DEFAULT-VALUE})")
    String proxyHeap;

    @Option(names = "--value-mib", defaultValue = "512")
    int valueMib;

    @Option(names = "--function-memory-mb", defaultValue = "256")
    int functionMemoryMb;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProxyHeapHighWater()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (Path jar : List.of(proxyJar, nodeJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(
                        jar + " is missing: build with ./mvnw -q -B -pl benchmarks -am package -DskipTests");
            }
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + proxyHeap,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-jar",
                proxyJar.toString(),
                "--client-port",
                "0",
                "--node-port",
                "0",
                "--runtime",
                "local-process",
                "--node-classpath",
                nodeJar.toAbsolutePath().toString(),
                "--pool-size",
                "12",
                "--function-memory-mb",
                Integer.toString(functionMemoryMb),
                "--max-serve-ms",
                "600000",
                // Nodes wait for their shard while the client encodes the whole value: keep them serving.
                "--idle-return-ms",
                "120000");
        Process proxy = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            int port = clientPort(proxy);
            System.out.printf(
                    Locale.ROOT,
                    "proxy pid %d (-Xmx%s, runtime local-process), clients on port %d%n",
                    proxy.pid(),
                    proxyHeap,
                    port);
            VirtualMachine vm = VirtualMachine.attach(Long.toString(proxy.pid()));
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                List<MemoryPoolMXBean> heapPools = new ArrayList<>();
                for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
                    if (pool.getType() == MemoryType.HEAP) {
                        heapPools.add(pool);
                    }
                }
                MemoryMXBean memory = ManagementFactory.getPlatformMXBean(server, MemoryMXBean.class);
                BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(server, BufferPoolMXBean.class).stream()
                        .filter(b -> b.getName().equals("direct"))
                        .findFirst()
                        .orElseThrow();
                byte[] value = new byte[valueMib << 20];
                new SplittableRandom(valueMib).nextBytes(value);
                byte[] key = "large".getBytes(StandardCharsets.UTF_8);
                try (ProxyObjectStore store = ProxyObjectStore.remote(
                        List.of(new InetSocketAddress("127.0.0.1", port)), 600_000, 5_000, 1 << 20)) {
                    KeySpace space = store.keySpace("heap", CodingSettings.DEFAULTS);
                    System.out.printf(Locale.ROOT, "proxy heap after start and a GC: %.1f MiB used%n", settle(memory));
                    resetPeaks(heapPools);
                    DirectSampler putDirect = new DirectSampler(direct);
                    long t0 = System.nanoTime();
                    space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                    long t1 = System.nanoTime();
                    report("put", heapPools, putDirect.stop(), valueMib, t1 - t0);
                    settle(memory);
                    resetPeaks(heapPools);
                    DirectSampler getDirect = new DirectSampler(direct);
                    long t2 = System.nanoTime();
                    StoredValue read = space.get(key);
                    long t3 = System.nanoTime();
                    report("get", heapPools, getDirect.stop(), valueMib, t3 - t2);
                    if (read == null || !Arrays.equals(value, read.value())) {
                        System.out.println("MISMATCH: the value did not come back identical");
                        return 1;
                    }
                    System.out.println("value read back byte-identical");
                }
            } finally {
                vm.detach();
            }
            return 0;
        } finally {
            stop(proxy);
        }
    }

    private static int clientPort(Process proxy) throws Exception {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = CLIENT_PORT.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(
                        () -> {
                            try {
                                lines.lines().forEach(l -> System.err.println("[proxy] " + l));
                            } catch (java.io.UncheckedIOException closed) {
                                // the proxy has exited
                            }
                        },
                        "proxy-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the proxy exited before listening; its output:\n" + seen);
    }

    private static double settle(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    private static void resetPeaks(List<MemoryPoolMXBean> pools) {
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /**
     * The sum of each heap pool's peak is an upper bound of the heap's peak (the pools need not
     * peak at the same moment).
     */
    private static void report(String what, List<MemoryPoolMXBean> pools, long directPeak, int mib, long nanos) {
        long sum = 0;
        List<String> parts = new ArrayList<>();
        for (MemoryPoolMXBean pool : pools) {
            long peak = pool.getPeakUsage().getUsed();
            sum += peak;
            parts.add(String.format(Locale.ROOT, "%s %.1f", pool.getName(), peak / 1048576.0));
        }
        System.out.printf(
                Locale.ROOT,
                "%s of %d MiB in %.1f s: proxy heap high-water mark <= %.1f MiB (%s MiB);"
                        + " direct buffers peak >= %.1f MiB%n",
                what,
                mib,
                nanos / 1e9,
                sum / 1048576.0,
                String.join(", ", parts),
                directPeak / 1048576.0);
    }

    /** Polls the proxy's direct buffer pool on a thread of its own until stopped. */
    private static final class DirectSampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        DirectSampler(BufferPoolMXBean direct) {
            thread = new Thread(
                    () -> {
                        while (running) {
                            peak = Math.max(peak, direct.getMemoryUsed());
                            try {
                                Thread.sleep(10);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "direct-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
            return peak;
        }
    }

    private static void stop(Process proxy) throws InterruptedException {
        List<ProcessHandle> children = proxy.descendants().toList();
        proxy.destroy();
        if (!proxy.waitFor(20, TimeUnit.SECONDS)) {
            proxy.destroyForcibly();
            proxy.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
