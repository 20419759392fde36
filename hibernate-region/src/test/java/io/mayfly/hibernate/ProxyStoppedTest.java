package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hibernate.cache.spi.access.AccessType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real proxy (with lambda-local functions in this JVM) is stopped mid-test: the session factory
 * reaches it as a remote proxy, and after it stops transactions still commit and reads come from
 * the database. (CacheDownTest covers a proxy that hangs, refuses at boot, and comes back.)
 */
class ProxyStoppedTest {

    private ProxyStack proxy;

    @BeforeEach
    void startProxy() {
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(10, 2, 1 << 20)
                .withPool(12, 256)
                .withPorts(0, 0);
        proxy = ProxyStack.start(settings, LocalFunctions.NodeCode.DEFAULT);
        // The test is about a proxy that stops, not one still starting: with a 2 s operation timeout,
        // a get queued behind the start-up inventory of twelve cold functions on a loaded machine
        // made the region fail open before the proxy was ever stopped.
        proxy.server().recovered().orTimeout(2, TimeUnit.MINUTES).join();
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void transactionsCommitAndReadsComeFromDatabaseAfterProxyStops() {
        Map<String, Object> settings = Map.of(
                "mayfly.store-factory", ProxyStoreFactory.class.getName(),
                "mayfly.proxy", "127.0.0.1:" + proxy.server().clientAddress().getPort(),
                "mayfly.operation-timeout-ms", "2000",
                "mayfly.connect-timeout-ms", "1000",
                // The proxy does not come back here: each region pays for one failure, then skips it.
                "hibernate.cache.mayfly.retry-interval-ms", "600000");
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, settings)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Author.class, 1L).getBooks().size());
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            orm.resetCounts();
            int cachedBooks =
                    orm.fromTransaction(s -> s.find(Author.class, 1L).getBooks().size());
            assertThat(cachedBooks).isEqualTo(2);
            assertThat(orm.sql().statements()).as("served by the running proxy").isEmpty();

            proxy.close();
            orm.resetCounts();

            String title = orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());
            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            orm.inTransaction(
                    s -> s.persist(new Book(12L, "isbn-12", "The Lathe of Heaven", s.find(Author.class, 1L))));
            List<String> titles = orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            Book byIsbn =
                    orm.fromTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-12"));
            int books =
                    orm.fromTransaction(s -> s.find(Author.class, 1L).getBooks().size());

            assertThat(title).isEqualTo("A Wizard of Earthsea");
            assertThat(titles).containsExactly("Tehanu", "The Dispossessed", "The Lathe of Heaven");
            assertThat(byIsbn.getTitle()).isEqualTo("The Lathe of Heaven");
            assertThat(books).isEqualTo(3);
            assertThat(orm.sql().count()).as("reads went to the database").isPositive();
            assertThat(orm.statistics().getSecondLevelCacheHitCount()).isZero();
        }
    }
}
