package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyStoreFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Closing an embedded store after traffic is quiet: no ERROR or WARN line (the Lambda client's
 * event loop used to stop before its connection pool closed), and no SLF4J "no providers" warning
 * from in-process function instances. slf4j-simple writes to System.err, captured here.
 */
class CleanShutdownTest {

    @Test
    void closingAStoreAfterTrafficLogsNoErrorOrWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            ObjectStore store = new ProxyStoreFactory()
                    .open(Map.of(
                            "mayfly.embedded.pool-size", "3",
                            "mayfly.embedded.function-memory-mb", "128",
                            "mayfly.data-shards", "2",
                            "mayfly.parity-shards", "1",
                            "mayfly.operation-timeout-ms", "60000"));
            try (store) {
                KeySpace space = store.keySpace("quiet", new CodingSettings(2, 1, 1024, 1L << 30));
                byte[] big = new byte[(1 << 20) + 5];
                new Random(3).nextBytes(big);
                space.put("big".getBytes(), big, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                space.put("small".getBytes(), new byte[] {1}, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                assertThat(space.get("big".getBytes()).value()).isEqualTo(big);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        // The test JVM names its leak detector in a system property; each in-process instance's own
        // copy of Netty reads it too and cannot use a class of another loader: a test-only line.
        assertThat(log.lines()
                        .filter(l -> !l.contains("ResourceLeakDetectorFactory"))
                        .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.startsWith("SLF4J(W)")))
                .as("ERROR, WARN or SLF4J warning lines")
                .isEmpty();
    }

    /** Writes to the console as before and into a buffer. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final ByteArrayOutputStream second;

        TeeStream(java.io.OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
        }
    }
}
