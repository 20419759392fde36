package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.hibernate.configuration.RegionType;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.junit.jupiter.api.Test;

/** The update-timestamps region: eternal, pinned, takes the lower commit timestamp, and never reads a lost timestamp as fresh. */
class TimestampsRegionTest {

    private static final String TIMESTAMPS = RegionFactory.DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME;

    @Test
    void commitTimestampReplacesTheHigherPreInvalidationTimestamp() {
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE)) {
            orm.insertLibrary();
            long beforeUpdate = orm.regionFactory().nextTimestamp();
            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            long afterCommit = orm.regionFactory().nextTimestamp();

            Object stored = timestamps(orm).get("Book");

            // Pre-invalidation wrote now + timeout (60 s ahead); the commit then wrote a lower "now".
            assertThat(stored).isInstanceOf(Long.class);
            assertThat((Long) stored).isBetween(beforeUpdate, afterCommit);
        }
    }

    @Test
    void timestampsCacheIsEternalAndKeptWhole() {
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE)) {
            orm.insertLibrary();

            @SuppressWarnings("unchecked")
            CompleteConfiguration<Object, Object> configuration =
                    timestamps(orm).getConfiguration(CompleteConfiguration.class);
            ExpiryPolicy expiry = configuration.getExpiryPolicyFactory().create();

            assertThat(expiry).isInstanceOf(EternalExpiryPolicy.class);
            assertThat(orm.regionFactory()
                            .regionSettings(TIMESTAMPS, RegionType.TIMESTAMPS)
                            .smallValueThresholdBytes())
                    .isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void lostTimestampDoesNotServeStaleQueryResults() {
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE)) {
            orm.insertLibrary();
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));

            // As if the proxy had evicted the timestamp or lost the node holding it.
            timestamps(orm).remove("Book");
            List<String> titles = orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));

            assertThat(titles).containsExactly("Tehanu", "The Dispossessed");
        }
    }

    @Test
    void queryCacheHitsAgainAfterTimestampWasLost() {
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE)) {
            orm.insertLibrary();
            timestamps(orm).remove("Book");
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));
            orm.resetCounts();

            List<String> titles = orm.fromTransaction(s -> SecondLevelCacheTest.titlesByAuthor(s, 1L));

            assertThat(titles).containsExactly("A Wizard of Earthsea", "The Dispossessed");
            assertThat(orm.sql().statements()).isEmpty();
        }
    }

    @Test
    void timestampsArePinnedAndSurviveAFloodThatEvictsTheEntityRegions() {
        // A 64 KiB small-value tier: a few hundred KiB of other values evict everything unpinned.
        Map<String, Object> smallTier = Map.of(
                "mayfly.store-factory",
                ProxyStoreFactory.class.getName(),
                "mayfly.embedded.small-tier-capacity-bytes",
                "65536");
        try (TestOrm orm = TestOrm.start(AccessType.READ_WRITE, smallTier)) {
            orm.insertLibrary();
            orm.inTransaction(s -> s.find(Book.class, 10L).setTitle("Tehanu"));
            orm.inTransaction(s -> s.find(Book.class, 11L));
            Object stamp = timestamps(orm).get("Book");
            Cache<Object, Object> books = orm.regionFactory().cacheManager().getCache(Book.class.getName());
            assertThat(stamp).isNotNull();
            assertThat(books.iterator().hasNext())
                    .as("the entity region holds the books")
                    .isTrue();
            assertThat(orm.regionFactory()
                            .regionSettings(TIMESTAMPS, RegionType.TIMESTAMPS)
                            .pinned())
                    .isTrue();

            Cache<String, byte[]> flood = orm.regionFactory()
                    .cacheManager()
                    .createCache(
                            "flood", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            for (int i = 0; i < 400; i++) {
                flood.put("filler" + i, new byte[1024]);
            }

            assertThat(flood.get("filler0"))
                    .as("the flood evicted older values")
                    .isNull();
            assertThat(books.iterator().hasNext())
                    .as("the entity region was evicted")
                    .isFalse();
            assertThat(timestamps(orm).get("Book")).isEqualTo(stamp);
        }
    }

    private static Cache<Object, Object> timestamps(TestOrm orm) {
        return orm.regionFactory().cacheManager().getCache(TIMESTAMPS);
    }
}
