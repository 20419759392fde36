package io.mayfly.jcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

class MayflyConfigurationTest {

    @Test
    void copiesJCacheAndMayflySettings() {
        MayflyConfiguration<String, Long> original = new MayflyConfiguration<String, Long>()
                .setDataShards(6)
                .setParityShards(3)
                .setSmallValueThresholdBytes(0)
                .setMaxValueSizeBytes(1024)
                .setProxy("10.0.0.1:7000, 10.0.0.2:7000")
                .setOperationTimeoutMs(250);
        original.setTypes(String.class, Long.class).setStatisticsEnabled(true);
        MayflyConfiguration<String, Long> copy = new MayflyConfiguration<>(original);
        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(copy.getDataShards()).contains(6);
        assertThat(copy.getProxy()).contains("10.0.0.1:7000, 10.0.0.2:7000");
        assertThat(copy.isStatisticsEnabled()).isTrue();

        MayflyConfiguration<String, Long> plain =
                MayflyConfiguration.copyOf(new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        assertThat(plain.getDataShards()).isEmpty();
        assertThat(plain.getKeyType()).isEqualTo(String.class);
    }

    @Test
    void invalidValuesNameTheSetting() {
        MayflyConfiguration<Object, Object> c = new MayflyConfiguration<>();
        assertThatThrownBy(() -> c.setDataShards(0)).hasMessageContaining("data-shards");
        assertThatThrownBy(() -> c.setParityShards(-1)).hasMessageContaining("parity-shards");
        assertThatThrownBy(() -> c.setOperationTimeoutMs(0)).hasMessageContaining("operation-timeout-ms");
        assertThatThrownBy(() -> c.setProxy("host-without-port")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> c.setProxy("h:99999")).hasMessageContaining("host:port");
        assertThat(c.setProxy("embedded").getProxy()).contains("embedded");
    }
}
