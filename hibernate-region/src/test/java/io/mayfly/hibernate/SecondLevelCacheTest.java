package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Entities, collections, natural ids and the query cache under the three access types a
 * non-transactional cache offers: a second session is served by Mayfly with no SQL, and a write
 * invalidates. Runs against H2, or PostgreSQL with {@code -Ppostgresql}.
 */
class SecondLevelCacheTest {

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"READ_ONLY", "NONSTRICT_READ_WRITE", "READ_WRITE"})
    void secondSessionLoadsEntityFromCacheWithNoSql(AccessType access) {
        try (TestOrm orm = TestOrm.start(access)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 10L)); // READ_ONLY caches on load only
            orm.resetCounts();

            String title = orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());

            assertThat(title).isEqualTo("A Wizard of Earthsea");
            assertThat(orm.sql().statements()).isEmpty();
            Statistics stats = orm.statistics();
            assertThat(stats.getEntityStatistics(Book.class.getName()).getCacheHitCount())
                    .isEqualTo(1);
            assertThat(stats.getEntityStatistics(Author.class.getName()).getCacheHitCount())
                    .isEqualTo(1);
            assertThat(stats.getSecondLevelCacheMissCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"READ_ONLY", "NONSTRICT_READ_WRITE", "READ_WRITE"})
    void secondSessionLoadsCollectionFromCacheWithNoSql(AccessType access) {
        try (TestOrm orm = TestOrm.start(access)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Author.class, 1L).getBooks().forEach(Book::getTitle));
            orm.resetCounts();

            int books = orm.fromTransaction(s -> {
                Author author = s.find(Author.class, 1L);
                author.getBooks().forEach(Book::getTitle);
                return author.getBooks().size();
            });

            assertThat(books).isEqualTo(2);
            assertThat(orm.sql().statements()).isEmpty();
            Statistics stats = orm.statistics();
            assertThat(stats.getCollectionStatistics(Author.class.getName() + ".books")
                            .getCacheHitCount())
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"READ_ONLY", "NONSTRICT_READ_WRITE", "READ_WRITE"})
    void secondSessionResolvesNaturalIdFromCacheWithNoSql(AccessType access) {
        try (TestOrm orm = TestOrm.start(access)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-11"));
            orm.resetCounts();

            String title = orm.fromTransaction(
                    s -> s.bySimpleNaturalId(Book.class).load("isbn-11").getTitle());

            assertThat(title).isEqualTo("The Dispossessed");
            assertThat(orm.sql().statements()).isEmpty();
            assertThat(orm.statistics().getNaturalIdCacheHitCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"READ_ONLY", "NONSTRICT_READ_WRITE", "READ_WRITE"})
    void secondSessionRunsCachedQueryWithNoSql(AccessType access) {
        try (TestOrm orm = TestOrm.start(access)) {
            orm.insertLibrary();
            orm.fromTransaction(s -> titlesByAuthor(s, 1L));
            orm.resetCounts();

            List<String> titles = orm.fromTransaction(s -> titlesByAuthor(s, 1L));

            assertThat(titles).containsExactly("A Wizard of Earthsea", "The Dispossessed");
            assertThat(orm.sql().statements()).isEmpty();
            assertThat(orm.statistics().getQueryCacheHitCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"NONSTRICT_READ_WRITE", "READ_WRITE"})
    void updateInvalidatesEntityAndQueryResults(AccessType access) {
        try (TestOrm orm = TestOrm.start(access)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 10L));
            orm.fromTransaction(s -> titlesByAuthor(s, 1L));

            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            orm.resetCounts();

            String title = orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());
            List<String> titles = orm.fromTransaction(s -> titlesByAuthor(s, 1L));

            assertThat(title).isEqualTo("Tehanu");
            assertThat(titles).containsExactly("Tehanu", "The Dispossessed");
            // The query ran again (its tables were updated); the entity is either re-read or, under
            // READ_WRITE, written through by the update: never the old title.
            assertThat(orm.statistics().getQueryCacheHitCount()).isZero();
            assertThat(orm.sql().statements()).anyMatch(sql -> sql.contains("where"));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AccessType.class,
            names = {"READ_ONLY", "NONSTRICT_READ_WRITE", "READ_WRITE"})
    void deleteInvalidatesEntity(AccessType access) {
        try (TestOrm orm = TestOrm.start(access)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 11L));

            orm.inTransaction(s -> {
                Book book = s.find(Book.class, 11L);
                book.getAuthor().getBooks().remove(book);
                s.remove(book);
            });
            orm.resetCounts();

            Book gone = orm.fromTransaction(s -> s.find(Book.class, 11L));

            assertThat(gone).isNull();
            assertThat(orm.sql().count()).isEqualTo(1);
            assertThat(orm.statistics().getSecondLevelCacheHitCount()).isZero();
        }
    }

    static List<String> titlesByAuthor(org.hibernate.Session session, long authorId) {
        return session.createSelectionQuery(
                        "select b.title from Book b where b.author.id = :a order by b.title", String.class)
                .setParameter("a", authorId)
                .setCacheable(true)
                .getResultList();
    }
}
