package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.client.StoredValue;
import io.mayfly.client.WriteLeaseLostException;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.LambdaInvoker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded store's direct path against a proxy that also listens on TCP: what one path
 * writes, the other reads, and values put directly survive a proxy restart like any other.
 */
class DirectPathTest {

    private static final CodingSettings CODING = new CodingSettings(4, 2, 1024, 1L << 30);
    private static final int POOL = 6;

    private ProxySettings settings;
    private LocalFunctions functions;
    private ProxyServer proxy;
    /** The in-JVM channel alone, as the embedded store wraps it. */
    private ProxyObjectStore channel;

    private ObjectStore embedded;
    private ObjectStore remote;

    @BeforeEach
    void start() throws Exception {
        settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(POOL, 256)
                .withPorts(0, 0)
                .withTimeouts(20_000, 20_000, new BillingWindow(1, 60_000, 600_000))
                .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-")
                .withKeepAlive(0, 0, true, 256L << 20);
        functions = LocalFunctions.start(settings, LocalFunctions.NodeCode.DEFAULT);
        open(0);
    }

    private void open(int clientPort) throws Exception {
        proxy = ProxyServer.start(
                settings.withPorts(clientPort, 0),
                LambdaInvoker.forEndpoint(
                        functions.endpoint(),
                        settings.region(),
                        settings.billing().invocationTimeout(),
                        POOL));
        proxy.recovered().get(120, TimeUnit.SECONDS);
        channel = ProxyObjectStore.inJvm(proxy.localAddress(), 30_000, 1 << 20, () -> {});
        embedded = new EmbeddedObjectStore(channel, proxy.direct());
        remote = ProxyObjectStore.remote(List.of(proxy.clientAddress()), 30_000, 2_000, 1 << 20);
    }

    private ProxyServer.RecoveryReport restart() throws Exception {
        int port = proxy.clientAddress().getPort();
        closeStores();
        proxy.close();
        open(port);
        return proxy.recovered().get(120, TimeUnit.SECONDS);
    }

    private void closeStores() {
        remote.close();
        embedded.close();
    }

    @AfterEach
    void stop() {
        closeStores();
        proxy.close();
        functions.close();
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void whatOnePathWritesTheOtherReads() {
        KeySpace direct = embedded.keySpace("paths", CODING);
        KeySpace overTcp = remote.keySpace("paths", CODING);

        byte[] small = random(1000, 1);
        long expires = System.currentTimeMillis() + 3_600_000;
        long v1 = direct.put(key("direct"), small, KeySpace.ABSENT, expires);
        StoredValue read = overTcp.get(key("direct"));
        assertThat(read.value()).isEqualTo(small);
        assertThat(read.version()).isEqualTo(v1);
        assertThat(read.expiresAtMillis()).isEqualTo(expires);

        byte[] other = random(300, 2);
        long v2 = overTcp.put(key("tcp"), other, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        StoredValue fromTcp = direct.get(key("tcp"));
        assertThat(fromTcp.value()).isEqualTo(other);
        assertThat(fromTcp.version()).isEqualTo(v2);
        StoredValue head = direct.head(key("tcp"));
        assertThat(head.value()).isNull();
        assertThat(head.length()).isEqualTo(300);
        assertThat(direct.get(key("missing"))).isNull();
        assertThat(direct.head(key("missing"))).isNull();

        // A conditional put sees the other path's versions.
        assertThat(direct.put(key("tcp"), small, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES))
                .isEqualTo(KeySpace.CONFLICT);
        long v3 = direct.put(key("tcp"), small, v2, KeySpace.NEVER_EXPIRES);
        assertThat(v3).isGreaterThan(v2);
        assertThat(overTcp.put(key("tcp"), other, v2, KeySpace.NEVER_EXPIRES)).isEqualTo(KeySpace.CONFLICT);
        assertThat(overTcp.get(key("tcp")).version()).isEqualTo(v3);

        assertThat(channel.keySpace("paths", CODING).callBoundMs())
                .as("nothing so far crossed the in-JVM channel: its connections never opened")
                .isEqualTo(-1);
    }

    @Test
    void aValueAboveTheThresholdAndEveryOtherCallGoOverTheChannel() {
        KeySpace direct = embedded.keySpace("coded", CODING);
        byte[] big = random(64 << 10, 3);
        long v = direct.put(key("big"), big, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        assertThat(proxy.placementOf("coded", key("big"))).as("erasure-coded").hasSize(6);
        assertThat(direct.get(key("big")).value()).isEqualTo(big);
        assertThat(direct.head(key("big")).version()).isEqualTo(v);

        direct.put(key("small"), random(10, 4), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        assertThat(direct.keys()).hasSize(2);
        long expires = System.currentTimeMillis() + 3_600_000;
        assertThat(direct.touch(key("small"), direct.head(key("small")).version(), expires))
                .isTrue();
        assertThat(direct.get(key("small")).expiresAtMillis()).isEqualTo(expires);
        assertThat(direct.remove(key("small"), KeySpace.ANY_VERSION)).isTrue();
        assertThat(direct.get(key("small"))).isNull();
        direct.clear();
        assertThat(direct.get(key("big"))).isNull();
    }

    @Test
    void aLeasedDirectPutCommitsOnceAndItsLeaseEnds() {
        KeySpace direct = embedded.keySpace("leased", CODING);
        long lease = direct.acquireLease(key("k"), 30_000, 1_000);
        long v = direct.put(key("k"), random(10, 5), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES, lease);
        assertThat(v).isPositive();
        assertThatThrownBy(
                        () -> direct.put(key("k"), random(10, 6), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES, lease))
                .isInstanceOf(WriteLeaseLostException.class)
                .hasMessageContaining("write lease " + lease);
        assertThat(direct.get(key("k")).version()).isEqualTo(v);
        // The lease ended with the commit: another writer takes it at once.
        long next = direct.acquireLease(key("k"), 30_000, 0);
        direct.releaseLease(key("k"), next);
    }

    @Test
    void aValuePutDirectlyIsCopiedToTheFunctionsAndSurvivesARestart() throws Exception {
        KeySpace direct = embedded.keySpace("restart", CODING);
        byte[] value = random(900, 7);
        long v = direct.put(key("k"), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);

        ProxyServer.RecoveryReport report = restart();

        assertThat(report.smallValues()).as("recovered from its whole copies").isEqualTo(1);
        StoredValue read = embedded.keySpace("restart", CODING).get(key("k"));
        assertThat(read.value()).isEqualTo(value);
        assertThat(read.version()).isEqualTo(v);
        assertThat(remote.keySpace("restart", CODING).get(key("k")).value()).isEqualTo(value);
    }

    @Test
    void aClosedStoreThrowsAndNeverReachesTheProxy() {
        KeySpace direct = embedded.keySpace("closed", CODING);
        direct.put(key("k"), random(10, 8), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        embedded.close();
        assertThatThrownBy(() -> direct.get(key("k"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> direct.put(key("k"), new byte[1], KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> embedded.keySpace("x", CODING)).isInstanceOf(IllegalStateException.class);
    }
}
