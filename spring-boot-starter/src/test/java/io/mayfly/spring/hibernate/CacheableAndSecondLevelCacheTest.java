package io.mayfly.spring.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.hibernate.MayflyRegionFactory;
import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.spring.CachingApplication;
import io.mayfly.spring.Library;
import io.mayfly.spring.autoconfigure.MayflyAutoConfiguration;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot app with both {@code @Cacheable} and Hibernate's second-level cache on Mayfly
 * (embedded) runs one store, so one pool of functions, not one per user of the cache.
 */
class CacheableAndSecondLevelCacheTest {

    @Entity
    @Cacheable
    public static class Note {
        @Id
        Long id;

        String text;

        protected Note() {}

        Note(Long id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Note.class)
    static class JpaApplication {}

    @Test
    void cacheableAndHibernateShareOneCacheManagerAndOnePool() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MayflyAutoConfiguration.class,
                        CacheAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class))
                .withUserConfiguration(CachingApplication.class, JpaApplication.class)
                .withPropertyValues(
                        "spring.cache.jcache.provider=io.mayfly.jcache.MayflyCachingProvider",
                        "spring.datasource.url=jdbc:h2:mem:shared;DB_CLOSE_DELAY=-1",
                        "spring.jpa.hibernate.ddl-auto=create-drop",
                        "spring.jpa.properties.hibernate.cache.use_second_level_cache=true",
                        "spring.jpa.properties.hibernate.cache.region.factory_class=mayfly",
                        "spring.jpa.properties.jakarta.persistence.sharedCache.mode=ENABLE_SELECTIVE",
                        "spring.jpa.properties.hibernate.generate_statistics=true",
                        // fail-open off: an entry that does not read back must fail, not pass as a miss.
                        "mayfly.fail-open=false",
                        "mayfly.embedded.pool-size=3",
                        "mayfly.data-shards=2",
                        "mayfly.parity-shards=1",
                        "mayfly.operation-timeout-ms=30000")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanNamesForType(javax.sql.DataSource.class))
                            .isNotEmpty();
                    MayflyCacheManager manager =
                            context.getBean(javax.cache.CacheManager.class).unwrap(MayflyCacheManager.class);
                    List<Object> stores = new CopyOnWriteArrayList<>();
                    manager.onStoreOpened(stores::add);

                    context.getBean(Library.class).title("1");
                    EntityManagerFactory jpa = context.getBean(EntityManagerFactory.class);
                    var em = jpa.createEntityManager();
                    em.getTransaction().begin();
                    em.persist(new Note(1L, "shared"));
                    em.getTransaction().commit();
                    em.close();
                    var reader = jpa.createEntityManager();
                    assertThat(reader.find(Note.class, 1L).text).isEqualTo("shared");
                    reader.close();
                    // Served from the second-level cache: Hibernate's entries pass the shared
                    // manager's value class filter without the application allowing them.
                    assertThat(jpa.unwrap(SessionFactoryImplementor.class)
                                    .getStatistics()
                                    .getSecondLevelCacheHitCount())
                            .isPositive();

                    MayflyRegionFactory regions = (MayflyRegionFactory) jpa.unwrap(SessionFactoryImplementor.class)
                            .getCache()
                            .getRegionFactory();
                    assertThat(regions.cacheManager()).isSameAs(context.getBean(javax.cache.CacheManager.class));
                    // One store: the functions started are one pool's.
                    assertThat(stores).hasSize(1);
                    assertThat(io.mayfly.embedded.EmbeddedStores.proxyOf((io.mayfly.client.ObjectStore) stores.get(0))
                                    .functions()
                                    .service()
                                    .functions())
                            .hasSize(3);
                    assertThat(manager.getCacheNames()).anyMatch(name -> name.contains(Note.class.getName()));
                });
    }
}
