package io.mayfly.hibernate.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MayflyHibernateSettingsTest {

    @Test
    void defaultsWhenNothingIsSet() {
        MayflyHibernateSettings settings = MayflyHibernateSettings.from(Map.of());

        assertThat(settings.failOpen()).isTrue();
        assertThat(settings.retryIntervalMs()).isEqualTo(1_000);
        assertThat(settings.logIntervalMs()).isEqualTo(60_000);
        assertThat(settings.configUri()).isEmpty();
        for (RegionType type : RegionType.values()) {
            assertThat(settings.region("r", type)).isEqualTo(type.defaults());
        }
    }

    @Test
    void regionKeyBeatsTypeKeyBeatsBuiltInDefault() {
        MayflyHibernateSettings settings = MayflyHibernateSettings.from(Map.of(
                "hibernate.cache.mayfly.defaults.entity.parity-shards", "1",
                "hibernate.cache.mayfly.defaults.entity.data-shards", "4",
                "hibernate.cache.mayfly.com.example.Order.data-shards", 8));

        assertThat(settings.region("com.example.Order", RegionType.ENTITY))
                .isEqualTo(new RegionSettings(8, 1, 1L << 20, 3_600_000L));
        assertThat(settings.region("com.example.Line", RegionType.ENTITY))
                .isEqualTo(new RegionSettings(4, 1, 1L << 20, 3_600_000L));
        assertThat(settings.region("com.example.Line", RegionType.COLLECTION))
                .isEqualTo(RegionType.COLLECTION.defaults());
    }

    @Test
    void timestampsRegionRefusesAnExpiry() {
        MayflyHibernateSettings settings = MayflyHibernateSettings.from(
                Map.of("hibernate.cache.mayfly.defaults.timestamps.expire-after-write-ms", "60000"));

        assertThatThrownBy(() -> settings.region("default-update-timestamps-region", RegionType.TIMESTAMPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot expire")
                .hasMessageContaining("stale");
    }

    @Test
    void malformedValuesNameTheKey() {
        MayflyHibernateSettings settings = MayflyHibernateSettings.from(Map.of(
                "hibernate.cache.mayfly.fail-open", "sometimes",
                "hibernate.cache.mayfly.r.data-shards", "ten",
                "hibernate.cache.mayfly.q.parity-shards", "-1"));

        assertThatThrownBy(settings::failOpen).hasMessageContaining("hibernate.cache.mayfly.fail-open='sometimes'");
        assertThatThrownBy(() -> settings.region("r", RegionType.ENTITY))
                .hasMessageContaining("hibernate.cache.mayfly.r.data-shards='ten'");
        assertThatThrownBy(() -> settings.region("q", RegionType.ENTITY))
                .hasMessageContaining("hibernate.cache.mayfly.q.parity-shards=-1 is below its minimum 0");
    }

    @Test
    void mayflyPropertiesGoToTheCacheManager() {
        MayflyHibernateSettings settings = MayflyHibernateSettings.from(Map.of(
                "mayfly.proxy", "cache.internal:7000",
                "hibernate.cache.mayfly.config", "classpath:mayfly-orders.properties",
                "hibernate.show_sql", "true"));

        assertThat(settings.providerProperties())
                .containsOnlyKeys("mayfly.proxy", MayflyHibernateSettings.HIBERNATE_ALLOW_KEY);
        assertThat(settings.configUri())
                .hasValueSatisfying(uri -> assertThat(uri.toString()).isEqualTo("classpath:mayfly-orders.properties"));
    }
}
