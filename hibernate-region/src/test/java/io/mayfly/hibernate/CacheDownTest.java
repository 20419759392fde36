package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.client.UnreachableObjectStoreFactory;
import io.mayfly.client.UnreachableObjectStoreFactory.State;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.cache.spi.access.AccessType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy stops mid-test: transactions still commit, reads come from the database, and once it
 * answers again no entry changed during the outage is served stale. The store here is a fake whose
 * proxy can be switched off (refusing connections, or hanging), not the module's default store.
 */
class CacheDownTest {

    private final String switchName = "hibernate-" + UUID.randomUUID();
    private final AtomicReference<State> proxy = UnreachableObjectStoreFactory.switchNamed(switchName);

    private Map<String, Object> downableStore(Map<String, Object> more) {
        Map<String, Object> settings = new java.util.HashMap<>(more);
        settings.put("mayfly.store-factory", UnreachableObjectStoreFactory.class.getName());
        settings.put("mayfly.store.test-switch", switchName);
        return settings;
    }

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"NONSTRICT_READ_WRITE", "READ_WRITE"})
    void transactionsCommitAndReadsComeFromDatabaseWhileProxyIsDown(AccessType access) {
        try (TestOrm orm = TestOrm.start(access, downableStore(Map.of()))) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 10L));
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            long before = orm.regionFactory().nextTimestamp();

            proxy.set(State.REFUSING);
            orm.resetCounts();
            String title = orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());
            assertThat(title).isEqualTo("A Wizard of Earthsea");
            assertThat(orm.sql().count()).isPositive();

            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            orm.inTransaction(
                    s -> s.persist(new Book(12L, "isbn-12", "The Lathe of Heaven", s.find(Author.class, 1L))));
            List<String> titles = orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            Book byIsbn =
                    orm.fromTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-12"));
            assertThat(titles).containsExactly("Tehanu", "The Dispossessed", "The Lathe of Heaven");
            assertThat(byIsbn.getTitle()).isEqualTo("The Lathe of Heaven");
            assertThat(orm.regionFactory().nextTimestamp()).isGreaterThan(before);
            assertThat(orm.statistics().getSecondLevelCacheHitCount()).isZero();

            proxy.set(State.UP);
            // The update's invalidation was lost while the proxy was down: the region clears itself
            // before serving again, so the old title cannot come back.
            String afterOutage =
                    orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());
            List<String> queryAfterOutage = orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            assertThat(afterOutage).isEqualTo("Tehanu");
            assertThat(queryAfterOutage).containsExactly("Tehanu", "The Dispossessed", "The Lathe of Heaven");

            orm.resetCounts();
            String cachedAgain =
                    orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());
            assertThat(cachedAgain).isEqualTo("Tehanu");
            assertThat(orm.sql().statements()).isEmpty();
        }
    }

    @Test
    void queryResultsCachedBeforeOutageAreNotServedAfterTimestampWriteWasLost() {
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, downableStore(Map.of()))) {
            orm.insertLibrary();
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));

            proxy.set(State.REFUSING);
            // A bulk update only invalidates through the timestamps region, whose write is lost here.
            orm.inTransaction(s -> s.createMutationQuery("update Book set title = 'Tehanu' where id = 10")
                    .executeUpdate());
            proxy.set(State.UP);

            // The first call after the outage is the query-results read itself.
            List<String> titles = orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            assertThat(titles).containsExactly("Tehanu", "The Dispossessed");
        }
    }

    @Test
    void readOnlyEntitiesAreReadFromDatabaseWhileProxyIsDown() {
        try (TestOrm orm = TestOrm.start(AccessType.READ_ONLY, downableStore(Map.of()))) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Author.class, 1L).getBooks().size());

            proxy.set(State.REFUSING);
            orm.resetCounts();
            int books =
                    orm.fromTransaction(s -> s.find(Author.class, 1L).getBooks().size());

            assertThat(books).isEqualTo(2);
            assertThat(orm.sql().count()).isPositive();
            proxy.set(State.UP);
        }
    }

    @Test
    void sessionFactoryStartsWhileProxyIsDownAndCachesOnceItAnswers() {
        proxy.set(State.REFUSING);
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, downableStore(Map.of()))) {
            orm.insertLibrary();
            Book book = orm.fromTransaction(s -> s.find(Book.class, 10L));
            assertThat(book.getTitle()).isEqualTo("A Wizard of Earthsea");

            proxy.set(State.UP);
            orm.inTransaction(s -> s.find(Book.class, 10L));
            orm.resetCounts();
            Book cached = orm.fromTransaction(s -> s.find(Book.class, 10L));

            assertThat(cached.getTitle()).isEqualTo("A Wizard of Earthsea");
            assertThat(orm.sql().statements()).isEmpty();
        }
    }

    @Test
    void hangingProxyDoesNotHoldTransactions() {
        Map<String, Object> settings = downableStore(Map.of(
                "mayfly.operation-timeout-ms", "200",
                // After one timeout a region skips the cache for a minute instead of waiting on every call.
                "hibernate.cache.mayfly.retry-interval-ms", "60000"));
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, settings)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 10L));

            proxy.set(State.HANGING);
            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            String title = orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());

            assertThat(title).isEqualTo("Tehanu");
            proxy.set(State.UP);
        }
    }

    @Test
    void failOpenOffTurnsCacheFailureIntoError() {
        Map<String, Object> settings = downableStore(Map.of("hibernate.cache.mayfly.fail-open", "false"));
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, settings)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 10L));

            proxy.set(State.REFUSING);

            assertThatThrownBy(() -> orm.inTransaction(s -> s.find(Book.class, 10L)))
                    .satisfies(e -> assertThat(causes(e))
                            .anySatisfy(c -> assertThat(c)
                                    .isInstanceOf(org.hibernate.cache.CacheException.class)
                                    .hasMessageContaining("hibernate.cache.mayfly.fail-open")));
            proxy.set(State.UP);
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
