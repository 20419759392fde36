package io.mayfly.jcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MayflySettingsTest {

    private static final URI DEFAULT = URI.create("mayfly:default");

    private static MayflySettings resolve(Map<String, String> entries) {
        Properties p = new Properties();
        p.putAll(entries);
        return MayflySettings.resolve(
                URI.create("test:settings"), DEFAULT, MayflySettingsTest.class.getClassLoader(), p);
    }

    @Test
    void aTypoFailsTheStartNamingTheClosestSetting() {
        assertThatThrownBy(() -> resolve(Map.of("mayfly.data-shard", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting mayfly.data-shard; did you mean mayfly.data-shards?");
        assertThatThrownBy(() -> resolve(Map.of("mayfly.cache.books.statistic-enabled", "true")))
                .hasMessage(
                        "unknown setting mayfly.cache.books.statistic-enabled; did you mean mayfly.cache.books.statistics-enabled?");
    }

    @Test
    void knownKeysOfEveryKindPass() {
        MayflySettings settings = resolve(Map.of(
                "mayfly.cache.my.books.data-shards", "4",
                "mayfly.default.pinned", "true",
                "mayfly.embedded.runtime", "local-process",
                "mayfly.fail-open", "false"));
        assertThat(settings.get("mayfly.data-shards")).isEqualTo("10");
        assertThat(settings.storeSetting("my.books", MayflySettings.DATA_SHARDS))
                .isEqualTo("4");
    }

    @Test
    void valuesOutsideTheirBoundsNameTheSetting() {
        assertThatThrownBy(() -> resolve(Map.of("mayfly.embedded.runtime", "aws-ish")))
                .hasMessageContaining(
                        "mayfly.embedded.runtime='aws-ish' must be one of local-in-process, local-process");
        assertThatThrownBy(() -> resolve(Map.of("mayfly.operation-timeout-ms", "0")))
                .hasMessageContaining("mayfly.operation-timeout-ms=0 is outside >= 1");
    }

    @Test
    void shardsBeyondTheEmbeddedPoolFailNamingBothSettings() {
        assertThatThrownBy(() -> resolve(Map.of("mayfly.embedded.pool-size", "6")))
                .hasMessageContaining("mayfly.data-shards=10")
                .hasMessageContaining("mayfly.parity-shards=2")
                .hasMessageContaining("mayfly.embedded.pool-size=6");
        assertThatThrownBy(() -> resolve(Map.of(
                        "mayfly.embedded.pool-size", "6",
                        "mayfly.data-shards", "4",
                        "mayfly.cache.big.data-shards", "5")))
                .hasMessageContaining("mayfly.cache.big.data-shards=5");
        assertThat(resolve(Map.of("mayfly.embedded.pool-size", "6", "mayfly.proxy", "127.0.0.1:1")))
                .as("a remote proxy checks its own pool")
                .isNotNull();
    }
}
