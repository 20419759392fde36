package io.mayfly.jcache.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardSerializerTest {

    /** Allows this test's own classes, as an application allows its key and value classes. */
    private final Serializer serializer = new StandardSerializer()
            .forCache(Object.class, Object.class, Map.of("mayfly.serializer.allow", "io.mayfly.jcache.copy.*"));

    private final ClassLoader loader = getClass().getClassLoader();

    private Object roundTrip(Object value) {
        return serializer.deserialize(serializer.serialize(value), loader);
    }

    @Test
    void fastPathsRoundTrip() {
        for (Object value : List.of("text ü", 42, 42L, (short) 7, (byte) -3, 'x', true, 1.5f, 2.25d, "")) {
            assertThat(roundTrip(value)).isEqualTo(value).hasSameClassAs(value);
        }
        assertThat((byte[]) roundTrip(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(serializer.serialize(42L)).hasSize(9);
    }

    /** Like a Hibernate entity cache key: several parts, Serializable. */
    record CompositeKey(String entity, Object id, String tenant) implements Serializable {}

    /** Like Spring's SimpleKey: an Object[] of parameters with a cached hash. */
    static final class ParameterKey implements Serializable {
        private final Object[] params;
        private final transient int hash;

        ParameterKey(Object... params) {
            this.params = params.clone();
            this.hash = Arrays.deepHashCode(params);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterKey other && Arrays.deepEquals(params, other.params);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Like Spring's NullValue: a singleton that must stay one after a round trip. */
    static final class NullMarker implements Serializable {
        static final NullMarker INSTANCE = new NullMarker();

        private NullMarker() {}

        @Serial
        private Object readResolve() {
            return INSTANCE;
        }
    }

    @Test
    void compositeAndSpringLikeKeysRoundTripAndEqualKeysGiveEqualBytes() {
        CompositeKey key = new CompositeKey("Book", 17L, "t1");
        assertThat(roundTrip(key)).isEqualTo(key);
        assertThat(serializer.serialize(new CompositeKey("Book", 17L, "t1"))).isEqualTo(serializer.serialize(key));

        ParameterKey params = new ParameterKey("isbn", 3, List.of("a", "b"));
        assertThat(roundTrip(params)).isEqualTo(params);
        assertThat(serializer.serialize(new ParameterKey("isbn", 3, List.of("a", "b"))))
                .isEqualTo(serializer.serialize(params));

        assertThat(roundTrip(NullMarker.INSTANCE)).isSameAs(NullMarker.INSTANCE);
    }

    @Test
    void notSerializableIsRefusedWithTheRemedy() {
        assertThatThrownBy(() -> serializer.serialize(new Object()))
                .isInstanceOf(SerializationFailedException.class)
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("mayfly.serializer");
    }

    @Test
    void classesResolveThroughTheGivenLoader() throws Exception {
        byte[] bytes = serializer.serialize(new CompositeKey("A", 1, null));
        ClassLoader recording = new ClassLoader(loader) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(CompositeKey.class.getName())) {
                    asked.add(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        assertThat(serializer.deserialize(bytes, recording)).isEqualTo(new CompositeKey("A", 1, null));
        assertThat(asked).contains(CompositeKey.class.getName());
    }

    @Test
    void anUnconfiguredSerializerReadsJavaBaseValuesAndRefusesOtherClassesNamingTheSetting() {
        Serializer plain = new StandardSerializer();
        Object values = new java.util.ArrayList<>(List.of(
                new java.math.BigDecimal("1.5"),
                java.time.Instant.ofEpochSecond(7),
                Map.of("k", new int[] {1, 2}),
                new String[] {"a"},
                java.util.UUID.nameUUIDFromBytes(new byte[] {1}),
                new java.util.Date(3)));
        Object back = plain.deserialize(plain.serialize(values), loader);
        assertThat(back).usingRecursiveComparison().isEqualTo(values);

        byte[] key = plain.serialize(new CompositeKey("A", 1, null));
        assertThatThrownBy(() -> plain.deserialize(key, loader))
                .isInstanceOf(SerializationFailedException.class)
                .hasMessageContaining(CompositeKey.class.getName())
                .hasMessageContaining("mayfly.serializer.allow");
    }

    @Test
    void theConfiguredTypesAreAdmittedExactlyAndObjectAdmitsNothing() {
        byte[] key = serializer.serialize(new CompositeKey("A", 1, null));
        Serializer typed = new StandardSerializer().forCache(CompositeKey.class, String.class, Map.of());
        assertThat(typed.deserialize(key, loader)).isEqualTo(new CompositeKey("A", 1, null));

        Serializer objects = new StandardSerializer().forCache(Object.class, Object.class, Map.of());
        assertThatThrownBy(() -> objects.deserialize(key, loader)).hasMessageContaining(CompositeKey.class.getName());
        byte[] params = serializer.serialize(new ParameterKey("x"));
        assertThatThrownBy(() -> typed.deserialize(params, loader))
                .as("the exact class only, not its package")
                .hasMessageContaining(ParameterKey.class.getName());
    }

    @Test
    void aDeniedPatternWinsAndArraysLongerThanTheStreamAreRefused() {
        Serializer denying = new StandardSerializer()
                .forCache(
                        Object.class,
                        Object.class,
                        Map.of("mayfly.serializer.allow", "!java.util.HashMap;io.mayfly.jcache.copy.*"));
        assertThatThrownBy(
                        () -> denying.deserialize(serializer.serialize(new java.util.HashMap<>(Map.of(1, 2))), loader))
                .hasMessageContaining("java.util.HashMap");

        // An int[] whose declared length (at the end of the array descriptor) is forged to 2^30.
        byte[] bytes = new StandardSerializer().serialize(new int[] {1, 2, 3});
        int lengthAt = bytes.length - 3 * 4 - 4;
        bytes[lengthAt] = 0x40;
        Serializer limited = new StandardSerializer();
        assertThatThrownBy(() -> limited.deserialize(bytes, loader))
                .isInstanceOf(SerializationFailedException.class)
                .hasMessageContaining("mayfly.serializer.max-array-length");
    }

    @Test
    void malformedSettingsNameTheKey() {
        assertThatThrownBy(() -> new StandardSerializer()
                        .forCache(Object.class, Object.class, Map.of("mayfly.serializer.max-depth", "deep")))
                .hasMessageContaining("mayfly.serializer.max-depth");
    }

    private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
}
