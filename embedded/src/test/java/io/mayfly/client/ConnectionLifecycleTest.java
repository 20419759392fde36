package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operation timeouts, a dead proxy, reconnecting to a restarted one. */
class ConnectionLifecycleTest {

    private static ProxySettings settings(int clientPort) {
        return ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256)
                .withPorts(clientPort, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));
    }

    @Test
    void aCallWithoutAnAnswerInTimeFailsAsUnavailable() {
        DirectInvoker invoker = new DirectInvoker();
        try (ProxyServer proxy = ProxyServer.start(settings(0), invoker);
                ObjectStore store = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 300, 2_000, 1 << 20)) {
            KeySpace space = store.keySpace("slow", new CodingSettings(4, 2, 0, 1L << 30));
            ObjectStore patient = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 20_000, 2_000, 1 << 20);
            patient.keySpace("slow", new CodingSettings(4, 2, 0, 1L << 30))
                    .put("v".getBytes(), new byte[4096], KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            patient.close();
            for (int n = 0; n < proxy.poolSize(); n++) {
                invoker.instance(proxy.nodeName(n)).delayReplies(3_000);
            }
            assertThatThrownBy(() -> space.get("v".getBytes()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("within 300 ms");
            for (int n = 0; n < proxy.poolSize(); n++) {
                invoker.instance(proxy.nodeName(n)).delayReplies(0);
            }
        }
    }

    @Test
    void severalProxiesShareTheKeysByConsistentHashing() {
        try (ProxyServer a = ProxyServer.start(settings(0), new DirectInvoker());
                ProxyServer b = ProxyServer.start(settings(0), new DirectInvoker());
                ObjectStore store = ProxyObjectStore.remote(
                        List.of(a.clientAddress(), b.clientAddress()), 20_000, 2_000, 1 << 20)) {
            KeySpace space = store.keySpace("spread", new CodingSettings(4, 2, 1024, 1L << 30));
            for (int i = 0; i < 40; i++) {
                space.put(("k" + i).getBytes(), ("v" + i).getBytes(), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            }
            assertThat(a.stats().values()).isPositive();
            assertThat(b.stats().values()).isPositive();
            assertThat(a.stats().values() + b.stats().values()).isEqualTo(40);
            for (int i = 0; i < 40; i++) {
                assertThat(space.get(("k" + i).getBytes()).value()).isEqualTo(("v" + i).getBytes());
            }
            assertThat(space.keys()).hasSize(40);
            space.clear();
            assertThat(a.stats().values() + b.stats().values()).isZero();
        }
    }

    @Test
    void aDeadProxyFailsCallsCloseReturnsAndARestartedProxyIsReconnected() {
        ProxyServer first = ProxyServer.start(settings(0), new DirectInvoker());
        int port = first.clientAddress().getPort();
        ObjectStore store =
                ProxyObjectStore.remote(List.of(new InetSocketAddress("127.0.0.1", port)), 5_000, 1_000, 1 << 20);
        KeySpace space = store.keySpace("life", new CodingSettings(4, 2, 1024, 1L << 30));
        space.put("a".getBytes(), "one".getBytes(), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        first.close();
        assertThatThrownBy(() -> space.get("a".getBytes())).isInstanceOf(StoreUnavailableException.class);

        try (ProxyServer second = ProxyServer.start(settings(port), new DirectInvoker())) {
            space.put("a".getBytes(), "two".getBytes(), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            assertThat(space.get("a".getBytes()).value()).isEqualTo("two".getBytes());
        }
        store.close();
        store.close();
    }
}
