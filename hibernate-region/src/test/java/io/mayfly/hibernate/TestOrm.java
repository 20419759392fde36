package io.mayfly.hibernate;

import jakarta.persistence.SharedCacheMode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.stat.Statistics;

/**
 * A session factory over the test database (H2 in memory, or the server the {@code postgresql}
 * profile names) with Author and Book cached under one access type, statistics on, and every SQL
 * statement counted. The store below Mayfly is the one the build names
 * ({@code mayfly.store-factory}, set once in this module's pom) unless a test overrides it.
 */
public final class TestOrm implements AutoCloseable {

    private final SessionFactory factory;
    private final SqlCounter sql = new SqlCounter();

    private TestOrm(AccessType access, Map<String, ?> overrides) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("mayfly-test")
                .managedClass(Author.class)
                .managedClass(Book.class)
                .jdbcUrl(System.getProperty("hibernate.test.jdbc.url", "jdbc:h2:mem:mayfly;DB_CLOSE_DELAY=-1"))
                .jdbcCredentials(
                        System.getProperty("hibernate.test.jdbc.user", "sa"),
                        System.getProperty("hibernate.test.jdbc.password", ""))
                .sharedCacheMode(SharedCacheMode.ENABLE_SELECTIVE)
                .property("hibernate.hbm2ddl.auto", "create-drop")
                .property("hibernate.cache.use_second_level_cache", "true")
                .property("hibernate.cache.use_query_cache", "true")
                .property("hibernate.cache.region.factory_class", "mayfly")
                .property("hibernate.generate_statistics", "true")
                .property("hibernate.session_factory.statement_inspector", sql)
                .property("hibernate.classcache." + Author.class.getName(), access.getExternalName())
                .property("hibernate.classcache." + Book.class.getName(), access.getExternalName())
                .property("hibernate.collectioncache." + Author.class.getName() + ".books", access.getExternalName())
                // Tests switch the store off and on: retry at once rather than after an interval.
                .property("hibernate.cache.mayfly.retry-interval-ms", "0");
        overrides.forEach(configuration::property);
        this.factory = configuration.createEntityManagerFactory();
    }

    public static TestOrm start(AccessType access) {
        return new TestOrm(access, Map.of());
    }

    public static TestOrm start(AccessType access, Map<String, ?> overrides) {
        return new TestOrm(access, new HashMap<>(overrides));
    }

    public SessionFactory factory() {
        return factory;
    }

    public SqlCounter sql() {
        return sql;
    }

    public Statistics statistics() {
        return factory.getStatistics();
    }

    public MayflyRegionFactory regionFactory() {
        return (MayflyRegionFactory) factory.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
                .getCache()
                .getRegionFactory();
    }

    public void inTransaction(Consumer<Session> work) {
        factory.inTransaction(work);
    }

    public <T> T fromTransaction(Function<Session, T> work) {
        return factory.fromTransaction(work);
    }

    /** Counts SQL and statistics from here on. */
    public void resetCounts() {
        sql.reset();
        factory.getStatistics().clear();
    }

    /** One author with two books, ids 1, 10 and 11. */
    public void insertLibrary() {
        inTransaction(session -> {
            Author author = new Author(1L, "Ursula");
            session.persist(author);
            session.persist(new Book(10L, "isbn-10", "A Wizard of Earthsea", author));
            session.persist(new Book(11L, "isbn-11", "The Dispossessed", author));
        });
    }

    @Override
    public void close() {
        factory.close();
    }
}
