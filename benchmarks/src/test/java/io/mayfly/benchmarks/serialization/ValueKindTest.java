package io.mayfly.benchmarks.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.jcache.copy.Serializer;
import io.mayfly.jcache.copy.StandardSerializer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueKindTest {

    private final Serializer serializer = new StandardSerializer()
            .forCache(
                    Object.class,
                    Object.class,
                    Map.of("mayfly.serializer.allow", "io.mayfly.benchmarks.serialization.*"));

    @Test
    void everySampleRoundTripsAndIsAboutTheAskedSize() {
        for (ValueKind kind : ValueKind.values()) {
            Object value = kind.sample(64 * 1024, 7);
            byte[] bytes = serializer.serialize(value);
            assertThat(bytes.length).as("%s serialized", kind).isBetween(56 * 1024, 80 * 1024);
            Object back = serializer.deserialize(bytes, getClass().getClassLoader());
            assertThat(back)
                    .as("%s round trip", kind)
                    .usingRecursiveComparison()
                    .isEqualTo(value);
        }
    }
}
