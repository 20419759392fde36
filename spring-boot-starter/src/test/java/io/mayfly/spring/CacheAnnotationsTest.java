package io.mayfly.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.spring.autoconfigure.MayflyAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NullValue;

/**
 * Spring's cache annotations over Mayfly, with the starter and with plain Boot: each case runs
 * in both, since the starter changes only configuration, error handling and metrics.
 */
class CacheAnnotationsTest {

    private static ApplicationContextRunner boot(boolean starter) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(CachingApplication.class)
                .withPropertyValues("spring.cache.jcache.provider=io.mayfly.jcache.MayflyCachingProvider");
        return starter
                ? runner.withConfiguration(
                        AutoConfigurations.of(MayflyAutoConfiguration.class, CacheAutoConfiguration.class))
                : runner.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class));
    }

    @ParameterizedTest(name = "starter={0}")
    @ValueSource(booleans = {true, false})
    void cacheableRunsTheMethodOncePerKey(boolean starter) {
        boot(starter).run(context -> {
            Library library = context.getBean(Library.class);
            assertThat(library.title("1")).isEqualTo("title of 1");
            assertThat(library.title("1")).isEqualTo("title of 1");
            assertThat(library.title("2")).isEqualTo("title of 2");
            assertThat(library.titleCalls()).isEqualTo(2);
        });
    }

    @ParameterizedTest(name = "starter={0}")
    @ValueSource(booleans = {true, false})
    void syncCacheableLoadsOnceForConcurrentCallers(boolean starter) {
        boot(starter).run(context -> {
            Library library = context.getBean(Library.class);
            CountDownLatch gate = new CountDownLatch(1);
            library.holdSyncLoads(gate);
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(callers.submit(() -> library.titleSync("9")));
                }
                // Let the first load in, then release it; with the starter the others wait for its value.
                await().atMost(30, TimeUnit.SECONDS).until(() -> library.syncCalls() >= 1);
                gate.countDown();
                for (Future<String> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("title of 9");
                }
            } finally {
                callers.shutdownNow();
            }
            int loads = library.syncCalls();
            assertThat(library.titleSync("9")).isEqualTo("title of 9");
            assertThat(library.syncCalls()).isEqualTo(loads);
            if (starter) {
                // The starter's SingleFlightCache: one load per key in this JVM.
                assertThat(loads).isEqualTo(1);
            } else {
                // Plain Boot: JCacheCache loads through Cache.invoke, which Mayfly runs optimistically
                // (version compare-and-set), so concurrent callers may each run the method once; the
                // cached value is one of theirs and later callers hit it.
                assertThat(loads).isBetween(1, 4);
            }
        });
    }

    @ParameterizedTest(name = "starter={0}")
    @ValueSource(booleans = {true, false})
    void cachePutReplacesTheCachedValue(boolean starter) {
        boot(starter).run(context -> {
            Library library = context.getBean(Library.class);
            library.title("1");
            assertThat(library.retitle("1", "new title")).isEqualTo("new title");
            assertThat(library.title("1")).isEqualTo("new title");
            assertThat(library.titleCalls()).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "starter={0}")
    @ValueSource(booleans = {true, false})
    void cacheEvictAllEntriesEmptiesTheCache(boolean starter) {
        boot(starter).run(context -> {
            Library library = context.getBean(Library.class);
            library.title("1");
            library.title("2");
            library.evictAll();
            javax.cache.Cache<Object, Object> books =
                    context.getBean(javax.cache.CacheManager.class).getCache("books");
            assertThat(books.iterator().hasNext()).isFalse();
            library.title("1");
            library.title("2");
            assertThat(library.titleCalls()).isEqualTo(4);
        });
    }

    @ParameterizedTest(name = "starter={0}")
    @ValueSource(booleans = {true, false})
    void nullResultsAreCachedAsSpringsNullValue(boolean starter) {
        boot(starter).run(context -> {
            Library library = context.getBean(Library.class);
            assertThat(library.missing("404")).isNull();
            assertThat(library.missing("404")).isNull();
            assertThat(library.nullCalls()).isEqualTo(1);
            // Stored by value: NullValue went through serialization and came back as the singleton.
            javax.cache.Cache<Object, Object> books =
                    context.getBean(javax.cache.CacheManager.class).getCache("books");
            assertThat(books.get("404")).isSameAs(NullValue.INSTANCE);
            assertThat(context.getBean(CacheManager.class)
                            .getCache("books")
                            .get("404")
                            .get())
                    .isNull();
        });
    }
}
