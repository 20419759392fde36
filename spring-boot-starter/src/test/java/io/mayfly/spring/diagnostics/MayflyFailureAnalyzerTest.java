package io.mayfly.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MayflyFailureAnalyzerTest {

    private final MayflyFailureAnalyzer analyzer = new MayflyFailureAnalyzer();

    @Test
    void aProxyUnreachableAtStartNamesTheSettingAndFailOpen() {
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException(
                "jCacheCacheManager",
                "failed",
                new javax.cache.CacheException(
                        "store unavailable",
                        new StoreUnavailableException("proxy 10.0.0.9:7070 refused the connection"))));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("10.0.0.9:7070");
        assertThat(analysis.getAction()).contains("mayfly.proxy").contains("mayfly.fail-open=true");
    }

    @Test
    void anUnknownSettingPointsToTheListOfSettings() {
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException(
                "jCacheCacheManager",
                "failed",
                new IllegalArgumentException("unknown setting mayfly.data-shard; did you mean mayfly.data-shards?")));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .contains("mayfly.data-shard;")
                .contains("did you mean mayfly.data-shards?");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void anOldNettyNamesTheVersionFoundAndTheBomToImport() {
        FailureAnalysis analysis = analyzer.analyze(new IllegalStateException(
                "cache failed", new NoClassDefFoundError("io/netty/channel/MultiThreadIoEventLoopGroup")));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("Netty 4.2").contains("Netty 4.2.");
        assertThat(analysis.getAction()).contains("io.netty:netty-bom");
    }

    @Test
    void bootFindsTheAnalyzer() {
        assertThat(org.springframework.core.io.support.SpringFactoriesLoader.forDefaultResourceLocation()
                        // Boot's own analyzers need constructor arguments this test does not give: skipped.
                        .load(org.springframework.boot.diagnostics.FailureAnalyzer.class, (type, name, failure) -> {}))
                .anyMatch(MayflyFailureAnalyzer.class::isInstance);
    }

    @Test
    void otherFailuresAreLeftToBoot() {
        assertThat(analyzer.analyze(new IllegalStateException("something else")))
                .isNull();
    }
}
