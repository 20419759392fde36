package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.client.*;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default: proxy and lambda-local inside this JVM, the client over an in-JVM channel. */
class EmbeddedModeTest {

    @Test
    void theFactoryOpensAnEmbeddedStoreThatRoundTripsAndClosesIdempotently() {
        ObjectStore store = new ProxyStoreFactory()
                .open(Map.of(
                        "mayfly.embedded.pool-size", "6",
                        "mayfly.data-shards", "4",
                        "mayfly.parity-shards", "2",
                        "mayfly.operation-timeout-ms", "30000"));
        try {
            ObjectStore proxyStore = store;
            assertThat(EmbeddedStores.proxyOf(proxyStore).server().clientAddress())
                    .as("no TCP listener")
                    .isNull();
            KeySpace space = store.keySpace("embedded", new CodingSettings(4, 2, 1024, 1L << 30));
            assertThat(space.callBoundMs())
                    .as("connections opened with the store: JCache calls run in the caller's thread")
                    .isEqualTo(30_000);
            byte[] big = new byte[(1 << 20) + 3];
            new Random(1).nextBytes(big);
            byte[] small = "small".getBytes();
            space.put("big".getBytes(), big, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            space.put("small".getBytes(), small, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            assertThat(space.get("big".getBytes()).value()).isEqualTo(big);
            assertThat(space.get("small".getBytes()).value()).isEqualTo(small);
            assertThat(EmbeddedStores.proxyOf(proxyStore).server().placementOf("embedded", "big".getBytes()))
                    .hasSize(6);
            assertThat(space.keys()).hasSize(2);
            store.dropKeySpace("embedded");
            assertThat(store.keySpace("embedded", CodingSettings.DEFAULTS).get("big".getBytes()))
                    .isNull();
        } finally {
            store.close();
            store.close();
        }
        assertThatThrownBy(() -> store.keySpace("x", CodingSettings.DEFAULTS))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theEmbeddedBillingWindowIsASetting() {
        var settings = EmbeddedStores.proxySettings(
                Map.of("mayfly.embedded.billing-window-ms", "100", "mayfly.embedded.idle-return-ms", "2000"), 1 << 20);
        assertThat(settings.billing().billingWindowMs()).isEqualTo(100);
        assertThat(settings.billing().idleReturnMs()).isEqualTo(2000);
        assertThat(EmbeddedStores.proxySettings(Map.of(), 1 << 20).billing().billingWindowMs())
                .as("as AWS bills today")
                .isEqualTo(1);
        var burst = EmbeddedStores.proxySettings(
                        Map.of("mayfly.embedded.burst-linger-ms", "5000", "mayfly.embedded.burst-requests", "4"),
                        1 << 20)
                .billing();
        assertThat(burst.burstLingerMs()).isEqualTo(5000);
        assertThat(burst.burstRequests()).isEqualTo(4);
        var defaults = EmbeddedStores.proxySettings(Map.of(), 1 << 20).billing();
        assertThat(defaults.idleReturnMs()).isEqualTo(100);
        assertThat(defaults.burstLingerMs()).isEqualTo(10_000);
        assertThat(defaults.burstRequests()).isEqualTo(3);
    }
}
