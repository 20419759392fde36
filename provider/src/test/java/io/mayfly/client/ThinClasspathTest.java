package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/**
 * The thin provider is what a remote-only app adds: its class path (this module's test class
 * path) holds no proxy, no lambda-local, no AWS SDK and no runtime interface client, and the
 * embedded default says which artifact it needs instead of failing on a missing class.
 */
class ThinClasspathTest {

    @Test
    void theThinProviderBringsNoProxyLambdaLocalAwsSdkOrRuntimeClient() {
        for (String absent : new String[] {
            "io.mayfly.proxy.ProxyServer",
            "io.mayfly.lambda.local.LocalLambdaService",
            "io.mayfly.node.MayflyNodeHandler",
            "software.amazon.awssdk.core.SdkBytes",
            "software.amazon.awssdk.services.lambda.LambdaAsyncClient",
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "picocli.CommandLine"
        }) {
            assertThatThrownBy(() -> Class.forName(absent, false, getClass().getClassLoader()))
                    .as(absent)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theEmbeddedDefaultWithoutTheEmbeddedArtifactNamesTheArtifactToAdd() {
        CachingProvider provider = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider");
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", ProxyStoreFactory.class.getName());
        properties.setProperty("mayfly.proxy", "embedded");
        try (CacheManager manager = provider.getCacheManager(
                URI.create("mayfly:thin-" + System.nanoTime()), getClass().getClassLoader(), properties)) {
            assertThatThrownBy(() -> {
                        var cache = manager.createCache("thin", new MutableConfiguration<String, String>());
                        cache.put("k", "v");
                    })
                    .isInstanceOf(CacheException.class)
                    .hasStackTraceContaining("io.mayfly:mayfly-embedded")
                    .hasStackTraceContaining("mayfly.proxy=host:port");
        }
        assertThat(ProxyStoreFactory.EMBEDDED_ARTIFACT).isEqualTo("io.mayfly:mayfly-embedded");
    }
}
