package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.ExpectedVersion;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.mayfly.proxy.testnode.MemoryNodeHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A value put directly is written through to functions like one that arrived on a connection. */
class DirectStoreCopiesTest {

    @Test
    void aDirectPutIsCopiedWholeToTwoFunctions() throws Exception {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256)
                .withPorts(-1, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));
        DirectInvoker functions = new DirectInvoker();
        try (ProxyServer proxy = ProxyServer.start(settings, functions)) {
            proxy.recovered().get(60, TimeUnit.SECONDS);
            DirectStore direct = proxy.direct();
            assertThat(direct.serving()).isTrue();
            byte[] value = "a small value".getBytes(StandardCharsets.UTF_8);
            DirectStore.Put put = direct.put(
                    "copied",
                    "k".getBytes(StandardCharsets.UTF_8),
                    value,
                    ExpectedVersion.ANY,
                    Long.MAX_VALUE,
                    false,
                    ExpectedVersion.NO_LEASE);
            assertThat(put.outcome()).isEqualTo(DirectStore.Outcome.COMMITTED);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                int copies = 0;
                for (int node = 0; node < proxy.poolSize(); node++) {
                    MemoryNodeHandler instance = functions.instance(proxy.nodeName(node));
                    if (instance == null) {
                        continue;
                    }
                    for (Map.Entry<ShardKey, byte[]> shard : instance.shards().entrySet()) {
                        if (shard.getKey().space().equals("copied")
                                && shard.getKey().version() == put.version()) {
                            assertThat(shard.getValue()).isEqualTo(value);
                            copies++;
                        }
                    }
                }
                assertThat(copies).isEqualTo(2);
            });
            proxy.close();
            assertThat(direct.serving()).isFalse();
            assertThat(direct.get("copied", "k".getBytes(StandardCharsets.UTF_8))
                            .found())
                    .isEqualTo(DirectStore.Found.USE_CHANNEL);
        }
    }
}
