package io.mayfly.examples.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Large blobs through {@code javax.cache} alone: the provider is found by its service entry, the
 * cache manager's URI names its configuration file, and the file names the "blobs" cache. Run it
 * with {@code java -jar examples/plain-jcache/target/plain-jcache.jar [sizeMiB...]}.
 */
public final class BlobExample {

    /** The configuration file, named by the CacheManager URI. */
    public static final URI CONFIGURATION = URI.create("classpath:mayfly-blobs.properties");

    private BlobExample() {}

    /** Opens the manager named by {@link #CONFIGURATION}; the caller closes it. */
    public static CacheManager openCacheManager() {
        CachingProvider provider = Caching.getCachingProvider();
        return provider.getCacheManager(CONFIGURATION, BlobExample.class.getClassLoader());
    }

    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg) * 1024 * 1024);
        }
        if (sizes.isEmpty()) {
            sizes = List.of(512 * 1024, 4 * 1024 * 1024, 32 * 1024 * 1024);
        }
        boolean allIntact = true;
        try (CacheManager manager = openCacheManager()) {
            Cache<String, byte[]> blobs = manager.getCache("blobs");
            System.out.printf(
                    "cache manager %s (%s), cache %s%n",
                    manager.getURI(), manager.getCachingProvider().getClass().getName(), blobs.getName());
            for (BlobRoundTrip.Result result : new BlobRoundTrip(blobs).run(sizes)) {
                System.out.printf(
                        "%-16s %,12d bytes  put %,6d ms  get %,6d ms  sha-256 %s  %s%n",
                        result.key(),
                        result.sizeBytes(),
                        result.putMillis(),
                        result.getMillis(),
                        result.readSha256()
                                .substring(0, Math.min(16, result.readSha256().length())),
                        result.intact() ? "intact" : "CORRUPT (written " + result.writtenSha256() + ")");
                allIntact &= result.intact();
            }
        }
        if (!allIntact) {
            System.exit(1);
        }
    }
}
