package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.RecordingObjectStoreFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.hibernate.cache.spi.access.AccessType;
import org.junit.jupiter.api.Test;

/** Each region's cache is created with its type's defaults, or with the settings that override them. */
class RegionSettingsTest {

    private static final String BOOK = Book.class.getName();
    private static final String BOOKS = Author.class.getName() + ".books";
    private static final String NATURAL_ID = Book.class.getName() + "##NaturalId";
    private static final String QUERY = "default-query-results-region";
    private static final String TIMESTAMPS = "default-update-timestamps-region";

    @Test
    void regionsGetTheirTypeDefaultsOrTheirOverrides() {
        Map<String, Object> settings = Map.of(
                "mayfly.store-factory",
                RecordingObjectStoreFactory.class.getName(),
                "mayfly.proxy",
                "region-settings-test:1",
                "hibernate.cache.mayfly." + BOOK + ".data-shards",
                "6",
                "hibernate.cache.mayfly." + BOOK + ".expire-after-write-ms",
                "0",
                "hibernate.cache.mayfly.defaults.query-results.expire-after-write-ms",
                "120000");
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, settings)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Author.class, 1L).getBooks().size());
            orm.inTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-10"));
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));

            assertThat(coding(BOOK)).isEqualTo(new CodingSettings(6, 2, 1L << 20, 1L << 30));
            assertThat(coding(BOOKS)).isEqualTo(new CodingSettings(10, 2, 1L << 20, 1L << 30));
            assertThat(coding(NATURAL_ID)).isEqualTo(new CodingSettings(1, 2, Long.MAX_VALUE, 1L << 30));
            assertThat(coding(QUERY)).isEqualTo(new CodingSettings(10, 2, 1L << 20, 1L << 30));
            assertThat(coding(TIMESTAMPS)).isEqualTo(new CodingSettings(1, 2, Long.MAX_VALUE, 1L << 30, true));

            assertThat(expiry(orm, BOOK)).isInstanceOf(EternalExpiryPolicy.class);
            assertThat(expiry(orm, BOOKS).getExpiryForUpdate())
                    .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 3_600_000));
            assertThat(expiry(orm, QUERY).getExpiryForCreation())
                    .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 120_000));
            assertThat(expiry(orm, TIMESTAMPS)).isInstanceOf(EternalExpiryPolicy.class);
        }
    }

    private static CodingSettings coding(String cacheName) {
        return RecordingObjectStoreFactory.KEY_SPACES.get("mayfly:default#" + cacheName);
    }

    @SuppressWarnings("unchecked")
    private static ExpiryPolicy expiry(TestOrm orm, String cacheName) {
        Cache<Object, Object> cache = orm.regionFactory().cacheManager().getCache(cacheName);
        CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
        return configuration.getExpiryPolicyFactory().create();
    }
}
