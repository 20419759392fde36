package io.mayfly.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.testing.proxy.ProxyProcess;
import io.netty.util.Version;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson 3 and Mayfly's thin provider in one JVM on Netty 4.1, each storing and reading, while
 * Mayfly's proxy runs in its own JVM (it needs Netty 4.2; clients do not).
 */
class RedissonBesideMayflyTest {

    private static Process redis;
    private static ProxyProcess proxy;
    private static RedissonClient redisson;

    @BeforeAll
    static void start() throws Exception {
        Path logs = Path.of(System.getProperty("compat.log-dir", "target/compat-logs"));
        Files.createDirectories(logs);
        int redisPort = startRedis(logs);
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + redisPort);
        redisson = Redisson.create(config);
        proxy = ProxyProcess.start(
                Path.of(System.getProperty("compat.proxy-jar")),
                Path.of(System.getProperty("compat.node-jar")),
                0,
                logs.resolve("proxy.log"));
    }

    /** Redis cannot report a port it chose: try free ports until one binds. */
    private static int startRedis(Path logs) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Process p = new ProcessBuilder(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("redis-" + port + ".log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (Files.readString(logs.resolve("redis-" + port + ".log")).contains("Ready to accept connections")) {
                    redis = p;
                    return port;
                }
                p.waitFor(50, TimeUnit.MILLISECONDS);
            }
            p.destroyForcibly();
        }
        throw new IllegalStateException("redis-server did not start on a free port (is it installed? .ci/run does)");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (redisson != null) {
            redisson.shutdown();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nettyOnTheClassPathIs41() {
        assertThat(Version.identify().get("netty-transport").artifactVersion()).startsWith("4.1.");
        assertThatThrownBy(() -> Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void bothStoreAndReadInOneJvm() {
        RBucket<String> bucket = redisson.getBucket("compat:greeting");
        bucket.set("from redisson");

        byte[] large = new byte[3 << 20]; // above the small-value threshold: erasure-coded on nodes
        new Random(7).nextBytes(large);
        Properties settings = new Properties();
        settings.setProperty("mayfly.proxy", proxy.address());
        // The first large put wakes the proxy's functions (child class loaders, on a shared machine).
        settings.setProperty("mayfly.operation-timeout-ms", "60000");
        // RS(2+1): three functions to wake rather than twelve, enough to cover the coded path.
        settings.setProperty("mayfly.data-shards", "2");
        settings.setProperty("mayfly.parity-shards", "1");
        CachingProvider provider = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider");
        try (CacheManager manager = provider.getCacheManager(
                URI.create("mayfly:compat-netty41"), getClass().getClassLoader(), settings)) {
            Cache<String, byte[]> cache = manager.createCache(
                    "compat", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            cache.put("small", new byte[] {1, 2, 3});
            cache.put("large", large);
            assertThat(cache.get("small")).containsExactly(1, 2, 3);
            assertThat(cache.get("large")).isEqualTo(large);
        }

        assertThat(bucket.get()).isEqualTo("from redisson");
        assertThat(proxy.leakReports()).isZero();
    }
}
