package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage path without lambda-local: the proxy invokes test nodes on threads. */
class DirectRoundTripTest {

    static ProxyServer proxy;
    static ObjectStore inJvm;
    static ObjectStore overTcp;

    @BeforeAll
    static void start() {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256)
                .withPorts(0, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));
        proxy = ProxyServer.start(settings, new DirectInvoker());
        inJvm = ProxyObjectStore.inJvm(proxy.localAddress(), 20_000, 1 << 20, null);
        overTcp = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 20_000, 2_000, 1 << 20);
    }

    @AfterAll
    static void stop() {
        // The in-JVM proxy closes its ends of local channels through the client's loop: proxy first.
        overTcp.close();
        proxy.close();
        inJvm.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void valuesOfEverySizeComeBackByteIdentical() {
        KeySpace space = inJvm.keySpace("direct", new CodingSettings(4, 2, 0, 1L << 30));
        for (int size : new int[] {0, 1, (1 << 20) + 3, 8 << 20}) {
            byte[] key = ("k" + size).getBytes();
            byte[] value = random(size, size);
            long version = space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            assertThat(version).isPositive();
            StoredValue read = space.get(key);
            assertThat(read).isNotNull();
            assertThat(read.version()).isEqualTo(version);
            assertThat(read.value()).isEqualTo(value);
        }
    }

    @Test
    void smallValuesTravelWholeAndOverTcp() {
        KeySpace space = overTcp.keySpace("small", new CodingSettings(4, 2, 1024, 1L << 30));
        byte[] value = random(100, 1);
        long v = space.put("a".getBytes(), value, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
        assertThat(space.put("a".getBytes(), value, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES))
                .isZero();
        assertThat(space.get("a".getBytes()).value()).isEqualTo(value);
        assertThat(space.head("a".getBytes()).value()).isNull();
        assertThat(space.keys()).hasSize(1);
        assertThat(space.remove("a".getBytes(), v)).isTrue();
        assertThat(space.get("a".getBytes())).isNull();
    }
}
