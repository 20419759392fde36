package io.mayfly.examples.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlobExampleTest {

    private CacheManager manager;

    @BeforeEach
    void open() {
        manager = BlobExample.openCacheManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void largeBlobsComeBackIntact() {
        Cache<String, byte[]> blobs = manager.getCache("blobs");
        List<BlobRoundTrip.Result> results =
                new BlobRoundTrip(blobs).run(List.of(300 * 1024, 3 * 1024 * 1024, 12 * 1024 * 1024));
        assertThat(results)
                .hasSize(3)
                .allSatisfy(result -> assertThat(result.intact())
                        .as(
                                "%s read back with sha-256 %s, written %s",
                                result.key(), result.readSha256(), result.writtenSha256())
                        .isTrue());
        assertThat(blobs.get("blob-" + 12 * 1024 * 1024)).hasSize(12 * 1024 * 1024);
    }

    @Test
    void theFileNamedByTheUriConfiguresTheManager() {
        assertThat(manager.getURI()).isEqualTo(BlobExample.CONFIGURATION);
        assertThat(manager.getCachingProvider().getClass().getName())
                .isEqualTo("io.mayfly.jcache.MayflyCachingProvider");
        // The file names "blobs" (so getCache creates it); any other name stays absent, as JSR-107 says.
        assertThat(manager.<String, byte[]>getCache("blobs")).isNotNull();
        assertThat(manager.<String, byte[]>getCache("not-configured")).isNull();
        // mayfly.cache.blobs.statistics-enabled=true in the file.
        assertThat(manager.getCache("blobs")
                        .getConfiguration(javax.cache.configuration.CompleteConfiguration.class)
                        .isStatisticsEnabled())
                .isTrue();
    }
}
