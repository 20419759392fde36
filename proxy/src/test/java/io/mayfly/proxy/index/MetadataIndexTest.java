package io.mayfly.proxy.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MetadataIndexTest {

    private final MetadataIndex index = new MetadataIndex();
    private final ObjectKey key = ObjectKey.of("s", new byte[] {1, 2});

    private ObjectMeta meta(long version) {
        return new ObjectMeta(key, version, 10, Long.MAX_VALUE, 2, 1, 5, 0, new int[3], false, new int[] {0, 1, 2}, 0);
    }

    @Test
    void conditionsFollowTheContract() {
        assertThat(index.commit(meta(index.nextVersion()), 5).committed()).isFalse();
        long v1 = index.nextVersion();
        assertThat(index.commit(meta(v1), MetadataIndex.ABSENT).committed()).isTrue();
        assertThat(index.commit(meta(index.nextVersion()), MetadataIndex.ABSENT).committed())
                .isFalse();
        long v2 = index.nextVersion();
        MetadataIndex.CommitOutcome outcome = index.commit(meta(v2), v1);
        assertThat(outcome.committed()).isTrue();
        assertThat(outcome.replaced().version()).isEqualTo(v1);
        assertThat(index.commit(meta(index.nextVersion()), v1).committed()).isFalse();
        assertThat(index.touch(key, v1, 7)).isFalse();
        assertThat(index.touch(key, v2, 7)).isTrue();
        assertThat(index.get(key).expiresAtMillis()).isEqualTo(7);
        assertThat(index.remove(key, v1)).isNull();
        assertThat(index.remove(key, v2).version()).isEqualTo(v2);
        assertThat(index.get(key)).isNull();
    }

    @Test
    void versionsNeverRepeatAfterDeleteAndRewrite() {
        long v1 = index.nextVersion();
        index.commit(meta(v1), MetadataIndex.ANY_VERSION);
        index.remove(key, MetadataIndex.ANY_VERSION);
        long v2 = index.nextVersion();
        index.commit(meta(v2), MetadataIndex.ABSENT);
        assertThat(v2).isGreaterThan(v1);
        assertThat(index.commit(meta(index.nextVersion()), v1).committed()).isFalse();
    }

    @Test
    void eightRacingCompareAndSetsHaveExactlyOneWinnerEachRound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long current = MetadataIndex.ABSENT;
            for (int round = 0; round < 50; round++) {
                CyclicBarrier barrier = new CyclicBarrier(8);
                long expected = current;
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        long version = index.nextVersion();
                        barrier.await();
                        return index.commit(meta(version), expected).committed() ? version : 0L;
                    }));
                }
                List<Long> winners = new ArrayList<>();
                for (Future<Long> f : results) {
                    if (f.get() != 0L) {
                        winners.add(f.get());
                    }
                }
                assertThat(winners).hasSize(1);
                current = winners.get(0);
                assertThat(index.get(key).version()).isEqualTo(current);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void relocateMovesOneShardOfTheCurrentVersionOnly() {
        index.commit(meta(5), MetadataIndex.ANY_VERSION);
        int from = index.get(key).placement()[1];
        ObjectMeta moved = index.relocate(key, 5, 1, from, 9);
        assertThat(moved.placement()[1]).isEqualTo(9);
        assertThat(moved.version()).isEqualTo(5);
        assertThat(index.get(key)).isSameAs(moved);
        assertThat(index.relocate(key, 5, 1, from, 8))
                .as("the shard no longer lives on %d", from)
                .isNull();
        assertThat(index.relocate(key, 4, 1, 9, 8)).as("an older version").isNull();
    }
}
