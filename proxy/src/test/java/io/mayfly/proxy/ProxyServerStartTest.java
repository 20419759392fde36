package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.proxy.testnode.DirectInvoker;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyServerStartTest {

    /** The proxy's own threads started since {@code before} and still alive. */
    private static List<String> proxyThreadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("mayfly-"))
                .map(Thread::getName)
                .toList();
    }

    @Test
    void aProxyWhoseClientPortIsTakenClosesWhatItStartedBeforeFailing() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // Every keep-alive mechanism on: whatever the proxy started before the failure must stop.
            ProxySettings settings = ProxySettings.DEFAULTS
                    .withCoding(2, 1, 0)
                    .withPool(3, 256)
                    .withPorts(taken.getLocalPort(), 0)
                    .withKeepAlive(60_000, 60_000, true, 1 << 20);
            assertThatThrownBy(() -> ProxyServer.start(settings, new DirectInvoker()))
                    .isInstanceOf(BindException.class);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(proxyThreadsSince(before)).isEmpty());
    }
}
