package io.mayfly.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IDE completion for {@code mayfly.*}: the processor's metadata merged with the registry's generated file. */
class ConfigurationMetadataTest {

    @Test
    void metadataNamesEveryKeyWithItsDescription() throws Exception {
        String metadata;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in)
                    .as("META-INF/spring-configuration-metadata.json in the starter jar")
                    .isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(metadata)
                .contains(
                        "\"mayfly.store-factory\"",
                        "\"mayfly.proxy\"",
                        "\"mayfly.operation-timeout-ms\"",
                        "\"mayfly.data-shards\"",
                        "\"mayfly.parity-shards\"",
                        "\"mayfly.small-value-threshold-bytes\"",
                        "\"mayfly.max-value-size-bytes\"",
                        "\"mayfly.default.create-on-get\"",
                        "\"mayfly.default.statistics-enabled\"",
                        "\"mayfly.fail-open\"",
                        "\"mayfly.cache\"",
                        "\"mayfly.embedded.pool-size\"",
                        "\"mayfly.embedded.runtime\"",
                        "k of RS(k+r): an erasure-coded value is split into k data shards.");
    }
}
