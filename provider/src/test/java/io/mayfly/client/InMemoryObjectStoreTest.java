package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake must honour the contract exactly, or JCache tests against it prove nothing. */
class InMemoryObjectStoreTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final KeySpace space = store.keySpace("s", CodingSettings.DEFAULTS);
    private final byte[] key = {1, 2, 3};

    @Test
    void conditionsHoldAndVersionsIncrease() {
        long v1 = space.put(key, new byte[] {1}, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
        assertThat(v1).isPositive();
        assertThat(space.put(key, new byte[] {2}, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES))
                .isEqualTo(KeySpace.CONFLICT);
        long v2 = space.put(key, new byte[] {2}, v1, KeySpace.NEVER_EXPIRES);
        assertThat(v2).isGreaterThan(v1);
        assertThat(space.put(key, new byte[] {3}, v1, KeySpace.NEVER_EXPIRES)).isEqualTo(KeySpace.CONFLICT);
        assertThat(space.remove(key, v1)).isFalse();
        assertThat(space.remove(key, v2)).isTrue();
        long v3 = space.put(key, new byte[] {4}, KeySpace.ANY_VERSION, 5L);
        assertThat(v3).isGreaterThan(v2);
        assertThat(space.head(key).value()).isNull();
        assertThat(space.get(key).isExpiredAt(5L))
                .as("expired entries are still returned")
                .isTrue();
        assertThat(space.touch(key, v2, 10L)).isFalse();
        assertThat(space.touch(key, v3, 10L)).isTrue();
        assertThat(space.get(key).expiresAtMillis()).isEqualTo(10L);
    }

    @Test
    void concurrentCompareAndSetLosesNoIncrement() throws Exception {
        space.put(key, new byte[] {0, 0, 0, 0}, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    while (true) {
                        StoredValue current = space.get(key);
                        int n = java.nio.ByteBuffer.wrap(current.value()).getInt();
                        byte[] next =
                                java.nio.ByteBuffer.allocate(4).putInt(n + 1).array();
                        if (space.put(key, next, current.version(), KeySpace.NEVER_EXPIRES) != KeySpace.CONFLICT) {
                            break;
                        }
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(java.nio.ByteBuffer.wrap(space.get(key).value()).getInt()).isEqualTo(2000);
    }
}
