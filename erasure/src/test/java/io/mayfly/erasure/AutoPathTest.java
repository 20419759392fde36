package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AUTO path codes on scalar until its warm-up finds the vector kernel compiled, then on
 * vector, with the same bytes throughout. Warm-ups made here start their thread only when the
 * test opens a gate, so "before the switch" is certain; every wait has a deadline.
 */
class AutoPathTest {

    /** The warm-up gives up after 30 s; past that the test has failed anyway. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Production threads (daemon, named), held at the gate until the test opens it. */
    private final ThreadFactory gatedThreads = task -> {
        Thread thread = VectorWarmup.daemonThread(() -> {
            try {
                if (gate.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        threads.add(thread);
        return thread;
    };

    @AfterEach
    void openGateAndJoin() throws InterruptedException {
        gate.countDown();
        for (Thread thread : threads) {
            thread.join(DEADLINE.toMillis());
            assertThat(thread.isAlive()).as("warm-up thread ended").isFalse();
        }
    }

    @Test
    void autoGivesTheBytesOfBothForcedPathsBeforeAndAfterTheSwitch() throws InterruptedException {
        try (VectorWarmup warmup = new VectorWarmup(gatedThreads)) {
            ReedSolomon auto = ReedSolomon.withKernel(10, 2, new AutoKernel(warmup));
            assertThat(auto.path()).isEqualTo(CodingPath.AUTO);
            assertThat(threads).as("no thread before the codec's first use").isEmpty();

            assertSameBytesAsForcedPaths(auto, new Random(1));
            assertThat(threads).hasSize(1);
            assertThat(threads.get(0).isDaemon()).isTrue();
            assertThat(threads.get(0).getName()).isEqualTo(VectorWarmup.THREAD_NAME);
            assertThat(auto.activePath()).as("warm-up still held at the gate").isEqualTo(CodingPath.SCALAR);

            gate.countDown();
            assertThat(warmup.awaitFinished(DEADLINE)).isTrue();
            assertThat(warmup.outcome()).as("after %d rounds", warmup.rounds()).isEqualTo(VectorWarmup.Outcome.WARM);
            assertThat(auto.activePath()).isEqualTo(CodingPath.VECTOR);

            assertSameBytesAsForcedPaths(auto, new Random(2));
            assertThat(threads).as("one warm-up thread, however many calls").hasSize(1);
        }
    }

    @Test
    void autoCodecsShareOneWarmupThatSwitchesThem() throws InterruptedException {
        ReedSolomon first = ReedSolomon.of(10, 2, CodingPath.AUTO);
        ReedSolomon second = ReedSolomon.of(4, 3, CodingPath.AUTO);
        first.encode(new byte[1000]);
        VectorWarmup shared = AutoKernel.shared().warmup();
        assertThat(shared.awaitFinished(DEADLINE)).isTrue();
        assertThat(shared.outcome()).as("after %d rounds", shared.rounds()).isEqualTo(VectorWarmup.Outcome.WARM);
        assertThat(first.activePath()).isEqualTo(CodingPath.VECTOR);
        assertThat(second.activePath()).isEqualTo(CodingPath.VECTOR);
        assertSameBytesAsForcedPaths(second, new Random(3));
    }

    @Test
    void forcedPathsNeverSwitch() throws InterruptedException {
        ReedSolomon scalar = ReedSolomon.of(10, 2, CodingPath.SCALAR);
        ReedSolomon vector = ReedSolomon.of(10, 2, CodingPath.VECTOR);
        ReedSolomon.of(10, 2, CodingPath.AUTO).encode(new byte[1000]);
        assertThat(AutoKernel.shared().warmup().awaitFinished(DEADLINE)).isTrue();
        for (int i = 0; i < 3; i++) {
            scalar.encode(new byte[100_000]);
            vector.encode(new byte[100_000]);
        }
        assertThat(scalar.path()).isEqualTo(CodingPath.SCALAR);
        assertThat(scalar.activePath()).isEqualTo(CodingPath.SCALAR);
        assertThat(vector.path()).isEqualTo(CodingPath.VECTOR);
        assertThat(vector.activePath()).isEqualTo(CodingPath.VECTOR);
    }

    @Test
    void propertyForcesAPathAndDefaultsToAuto() {
        String saved = System.getProperty(CodingPath.PROPERTY);
        try {
            System.clearProperty(CodingPath.PROPERTY);
            assertThat(CodingPath.fastest()).isEqualTo(CodingPath.AUTO);
            System.setProperty(CodingPath.PROPERTY, "scalar");
            assertThat(CodingPath.fastest()).isEqualTo(CodingPath.SCALAR);
            ReedSolomon forced = ReedSolomon.of(10, 2);
            forced.encode(new byte[10_000]);
            assertThat(forced.activePath()).isEqualTo(CodingPath.SCALAR);
            System.setProperty(CodingPath.PROPERTY, " Vector ");
            assertThat(CodingPath.fastest()).isEqualTo(CodingPath.VECTOR);
            System.setProperty(CodingPath.PROPERTY, "auto");
            assertThat(CodingPath.fastest()).isEqualTo(CodingPath.AUTO);
            System.setProperty(CodingPath.PROPERTY, "simd");
            assertThatThrownBy(CodingPath::fastest)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dmayfly.erasure.path=simd is not a coding path; use auto, scalar or vector");
        } finally {
            if (saved == null) {
                System.clearProperty(CodingPath.PROPERTY);
            } else {
                System.setProperty(CodingPath.PROPERTY, saved);
            }
        }
    }

    @Test
    void closedBeforeFirstUseStartsNoThreadAndStaysScalar() throws InterruptedException {
        VectorWarmup warmup = new VectorWarmup(gatedThreads);
        warmup.close();
        warmup.close();
        ReedSolomon auto = ReedSolomon.withKernel(4, 2, new AutoKernel(warmup));
        assertSameBytesAsForcedPaths(auto, new Random(4));
        assertThat(threads).isEmpty();
        assertThat(warmup.awaitFinished(Duration.ZERO)).isTrue();
        assertThat(warmup.outcome()).isEqualTo(VectorWarmup.Outcome.CLOSED);
        assertThat(auto.activePath()).isEqualTo(CodingPath.SCALAR);
    }

    @Test
    void closedWhileStartingEndsTheThreadWithoutSwitching() throws InterruptedException {
        VectorWarmup warmup = new VectorWarmup(gatedThreads);
        ReedSolomon auto = ReedSolomon.withKernel(4, 2, new AutoKernel(warmup));
        auto.encode(new byte[100]);
        assertThat(threads).hasSize(1);
        warmup.close();
        gate.countDown();
        assertThat(warmup.awaitFinished(DEADLINE)).isTrue();
        threads.get(0).join(DEADLINE.toMillis());
        assertThat(threads.get(0).isAlive()).isFalse();
        assertThat(warmup.outcome()).isEqualTo(VectorWarmup.Outcome.CLOSED);
        assertThat(auto.activePath()).isEqualTo(CodingPath.SCALAR);
    }

    /** Encode, reconstruct (arrays and direct buffers) and verify agree with forced scalar and vector codecs. */
    private static void assertSameBytesAsForcedPaths(ReedSolomon auto, Random random) {
        int k = auto.dataShards();
        int r = auto.parityShards();
        ReedSolomon scalar = ReedSolomon.of(k, r, CodingPath.SCALAR);
        ReedSolomon vector = ReedSolomon.of(k, r, CodingPath.VECTOR);
        for (int length : new int[] {0, 7, 1000, 3 * CodingKernel.CHUNK_BYTES + 13}) {
            byte[] value = new byte[length * k];
            random.nextBytes(value);
            byte[][] expected = scalar.encode(value);
            assertThat(vector.encode(value)).isDeepEqualTo(expected);
            byte[][] shards = auto.encode(value);
            assertThat(shards)
                    .as("encode of %d-byte shards on %s", length, auto.activePath())
                    .isDeepEqualTo(expected);
            assertThat(auto.verifyParity(shards, 0, length)).isTrue();

            boolean[] present = ReedSolomonProperties.erase(random, k + r, r);
            byte[][] damaged = ReedSolomonProperties.deepCopy(shards);
            ByteBuffer[] buffers = new ByteBuffer[k + r];
            for (int i = 0; i < k + r; i++) {
                buffers[i] = ByteBuffer.allocateDirect(length).put(0, present[i] ? shards[i] : new byte[length]);
                if (!present[i]) {
                    damaged[i] = null;
                }
            }
            auto.reconstruct(damaged, present, 0, length);
            assertThat(damaged).as("reconstruct of %d-byte shards", length).isDeepEqualTo(expected);
            auto.reconstruct(buffers, present, length);
            for (int i = 0; i < k + r; i++) {
                byte[] actual = new byte[length];
                buffers[i].get(0, actual);
                assertThat(actual).as("buffer shard %d of %d bytes", i, length).isEqualTo(expected[i]);
            }
        }
    }
}
