package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hibernate finds Mayfly by short name and by class name, and hibernate-jcache drives it too. */
class RegionFactorySelectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"mayfly", "io.mayfly.hibernate.MayflyRegionFactory", "MayflyRegionFactory"})
    void selectedByName(String name) {
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, Map.of("hibernate.cache.region.factory_class", name))) {
            assertThat(regionFactoryOf(orm)).isInstanceOf(MayflyRegionFactory.class);
            assertSecondSessionHitsCache(orm);
        }
    }

    @Test
    void plainJCacheRegionFactoryWithMayflyProvider() {
        try (TestOrm orm = TestOrm.start(
                AccessType.READ_WRITE,
                Map.of(
                        "hibernate.cache.region.factory_class", "jcache",
                        "hibernate.javax.cache.provider", "io.mayfly.jcache.MayflyCachingProvider",
                        "hibernate.javax.cache.missing_cache_strategy", "create"))) {
            assertThat(regionFactoryOf(orm).getClass().getName())
                    .isEqualTo("org.hibernate.cache.jcache.internal.JCacheRegionFactory");
            assertSecondSessionHitsCache(orm);

            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            String title = orm.fromTransaction(s -> s.find(Book.class, 10L).getTitle());
            assertThat(title).isEqualTo("Tehanu");
        }
    }

    private static void assertSecondSessionHitsCache(TestOrm orm) {
        orm.insertLibrary();
        orm.inTransaction(s -> s.find(Book.class, 10L));
        orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
        orm.resetCounts();

        Book book = orm.fromTransaction(s -> s.find(Book.class, 10L));
        orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));

        assertThat(book.getTitle()).isEqualTo("A Wizard of Earthsea");
        assertThat(orm.sql().statements()).isEmpty();
        assertThat(orm.statistics().getQueryCacheHitCount()).isEqualTo(1);
    }

    private static Object regionFactoryOf(TestOrm orm) {
        return orm.factory().unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    }
}
