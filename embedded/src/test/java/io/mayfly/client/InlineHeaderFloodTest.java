package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.proxy.ProxyMain;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 5,000 inline put headers each declaring 1 MiB, with no body, against a proxy JVM limited to a
 * 256 MiB heap that exits on OutOfMemoryError: had any header allocated its declared size, the
 * flood (5 GiB) would kill it. The offender is closed naming the limit and the proxy keeps serving.
 */
class InlineHeaderFloodTest {

    private static final Pattern CLIENTS = Pattern.compile("clients on [^ ]*?/?([0-9.]+):(\\d+),");

    @Test
    void fiveThousandInlineHeadersWithoutBodiesLeaveASmallHeapProxyServing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process proxy = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ProxyMain.class.getName(),
                        "--client-port=0",
                        "--node-port=0",
                        "--runtime=local-in-process",
                        "--pool-size=6",
                        "-k=4",
                        "-r=2",
                        "--function-memory-mb=256",
                        "--small-tier-capacity-bytes=" + (64 << 20))
                .redirectErrorStream(true)
                .start();
        try {
            InetSocketAddress address = awaitAddress(proxy);
            byte[] header = WireFrames.encode(
                    new ObjectPut(1, "flood", Bytes.copyOf("k".getBytes()), -1, 0, ValueLayout.inline(1 << 20, 0)));
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 5_000; i++) {
                byte[] frame = header.clone();
                frame[3 + 7] = (byte) i; // request id, low bytes
                frame[3 + 6] = (byte) (i >> 8);
                flood.writeBytes(frame);
            }
            String answer;
            try (Socket attacker = new Socket()) {
                attacker.connect(address, 5_000);
                try {
                    attacker.getOutputStream().write(flood.toByteArray());
                } catch (IOException closedMidFlood) {
                    // the proxy may close before the last headers are written
                }
                answer = WireFrames.readUntilClosed(attacker, 30_000);
            }
            assertThat(answer).contains("max-requests-in-flight");
            assertThat(proxy.isAlive()).as("the proxy JVM survived the flood").isTrue();

            try (ObjectStore store = ProxyObjectStore.remote(List.of(address), 20_000, 5_000, 1 << 20)) {
                KeySpace space = store.keySpace("after", new CodingSettings(4, 2, 1 << 20, 1L << 30));
                byte[] small = new byte[1000];
                byte[] large = new byte[3 << 20];
                new Random(1).nextBytes(small);
                new Random(2).nextBytes(large);
                space.put("small".getBytes(), small, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                space.put("large".getBytes(), large, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                assertThat(space.get("small".getBytes()).value()).isEqualTo(small);
                assertThat(space.get("large".getBytes()).value()).isEqualTo(large);
            }
            assertThat(proxy.isAlive()).isTrue();
        } finally {
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the proxy's start line; its output keeps draining on a daemon thread. */
    private static InetSocketAddress awaitAddress(Process proxy) throws IOException {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            Matcher m = CLIENTS.matcher(line);
            if (line.startsWith("mayfly-proxy:") && m.find()) {
                Thread drain = new Thread(
                        () -> {
                            try {
                                while (lines.readLine() != null) {
                                    // discard
                                }
                            } catch (IOException ignored) {
                                // the process ended
                            }
                        },
                        "proxy-output");
                drain.setDaemon(true);
                drain.start();
                return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        throw new AssertionError("the proxy exited before listening (exit " + proxy.exitValue() + ")");
    }
}
