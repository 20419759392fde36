package io.mayfly.tck.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.testing.proxy.ProxyProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two JVMs share one remote proxy process and increment one key concurrently through
 * {@code cache.invoke}: the compare-and-set at the proxy must lose no update ("atomicity
 * across JVMs").
 */
class TwoJvmIncrementTest {

    private static final int INCREMENTS_PER_JVM = 200;
    private static final int THREADS_PER_JVM = 4;

    private ProxyProcess proxy;
    private final List<Process> workers = new ArrayList<>();

    @BeforeEach
    void startProxy() {
        proxy = ProxyProcess.start(
                RemoteTestSetup.proxyJar(), RemoteTestSetup.nodeJar(), 0, RemoteTestSetup.log("two-jvm-proxy.log"));
    }

    @AfterEach
    void stop() {
        workers.forEach(Process::destroyForcibly);
        proxy.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net for a hung worker, not a timing
    void concurrentInvokesFromTwoJvmsLoseNoUpdate() throws Exception {
        List<BufferedReader> outputs = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Process worker = new ProcessBuilder(RemoteTestSetup.javaCommand(
                            IncrementWorker.class,
                            proxy.address(),
                            Integer.toString(INCREMENTS_PER_JVM),
                            Integer.toString(THREADS_PER_JVM)))
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            RemoteTestSetup.log("two-jvm-worker-" + w + ".log").toFile()))
                    .start();
            workers.add(worker);
            outputs.add(new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outputs) {
            assertThat(readLine(out)).as("worker start").isEqualTo("ready");
        }
        // Both are connected and waiting: start them together so their invokes overlap.
        for (Process worker : workers) {
            Writer go = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
            go.write("go\n");
            go.flush();
        }
        for (int w = 0; w < workers.size(); w++) {
            assertThat(readLine(outputs.get(w))).as("worker " + w + " result").isEqualTo("done");
            assertThat(workers.get(w).waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(workers.get(w).exitValue()).isZero();
        }

        try (CacheManager manager = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")
                .getCacheManager(
                        IncrementWorker.MANAGER_URI,
                        getClass().getClassLoader(),
                        IncrementWorker.managerProperties(proxy.address()))) {
            Cache<String, Long> counter = IncrementWorker.open(manager);
            assertThat(counter.get(IncrementWorker.KEY)).isEqualTo(2L * INCREMENTS_PER_JVM);
        }
    }

    private static String readLine(BufferedReader out) throws IOException {
        // A worker that fails prints nothing more: its end of stream reads as null, its log says why.
        return out.readLine();
    }
}
