package io.mayfly.tck.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.testing.proxy.ProxyProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs with eight threads each race putIfAbsent, replace(k, old, new) and remove(k, v) on
 * three keys of one write-through cache on one remote proxy. The CacheWriter appends to one file
 * shared by all of them: replayed per key, that log must be exactly the sequence of values the
 * cache held, each change one call that applied: no write for a call that lost its race, none
 * twice, none missing, and the cache ends on the log's last value.
 */
class WriterLogTest {

    private static final int JVMS = 3;
    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 25;

    @TempDir
    Path dir;

    private ProxyProcess proxy;

    @BeforeEach
    void startProxy() {
        proxy = ProxyProcess.start(
                RemoteTestSetup.proxyJar(), RemoteTestSetup.nodeJar(), 0, RemoteTestSetup.log("writer-log-proxy.log"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net for a hung worker, not a timing
    void theWritersLogIsTheSequenceOfValuesTheCacheHeld() throws Exception {
        Path log = dir.resolve("writer.log");
        Files.createFile(log);
        List<List<String>> arguments = new ArrayList<>();
        for (int w = 0; w < JVMS; w++) {
            arguments.add(List.of(
                    proxy.address(),
                    log.toString(),
                    Integer.toString(w),
                    Integer.toString(THREADS),
                    Integer.toString(OPERATIONS_PER_THREAD)));
        }
        List<String> applied = new ArrayList<>();
        try (WorkerJvms workers = new WorkerJvms(WriterLogWorker.class, "writer-log", arguments)) {
            workers.go();
            workers.awaitDone().forEach(applied::addAll);
        }

        // Every applied call, by the value it wrote (values are unique) or the value it removed.
        Map<String, String> writtenBy = new HashMap<>();
        Map<String, String> removedBy = new HashMap<>();
        for (String line : applied) {
            String[] f = line.split(" ");
            assertThat(f[0]).isEqualTo("applied");
            if (f[1].equals("remove")) {
                assertThat(removedBy.put(f[2] + " " + f[3], line))
                        .as("removed twice: " + line)
                        .isNull();
            } else {
                assertThat(writtenBy.put(f[4], line))
                        .as("written twice: " + line)
                        .isNull();
            }
        }
        Map<String, String> held = new HashMap<>();
        int changes = 0;
        for (String entry : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] f = entry.split(" ");
            String key = f[0];
            String before = held.get(key);
            if (f[1].equals("write")) {
                String call = writtenBy.remove(f[2]);
                assertThat(call)
                        .as("the writer wrote " + entry + " for no call that applied")
                        .isNotNull();
                String[] c = call.split(" ");
                assertThat(c[2]).as(call).isEqualTo(key);
                assertThat(c[3])
                        .as("the writer's log had " + before + " before " + call)
                        .isEqualTo(before == null ? "-" : before);
                held.put(key, f[2]);
            } else {
                assertThat(before)
                        .as("the writer deleted " + key + " while the cache held nothing")
                        .isNotNull();
                assertThat(removedBy.remove(key + " " + before))
                        .as("the writer deleted " + key + " = " + before + " for no remove that applied")
                        .isNotNull();
                held.remove(key);
            }
            changes++;
        }
        assertThat(writtenBy).as("applied writes the writer never saw").isEmpty();
        assertThat(removedBy).as("applied removes the writer never saw").isEmpty();
        assertThat(changes).as("changes applied").isGreaterThan(JVMS * THREADS);

        try (CacheManager manager = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")
                .getCacheManager(
                        URI.create(WriterLogWorker.MANAGER_URI.toString()),
                        getClass().getClassLoader(),
                        WriterLogWorker.properties(proxy.address()))) {
            Cache<String, String> cache = WriterLogWorker.open(manager, dir.resolve("reader.log"));
            for (String key : WriterLogWorker.KEYS) {
                assertThat(cache.get(key))
                        .as("the cache's final value of " + key)
                        .isEqualTo(held.get(key));
            }
        }
    }
}
