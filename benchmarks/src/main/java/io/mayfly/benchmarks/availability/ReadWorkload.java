package io.mayfly.benchmarks.availability;

import io.mayfly.client.KeySpace;
import io.mayfly.client.StoredValue;
import io.mayfly.lambda.local.fault.SimulatedClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a set of values, then reads them back continuously at a steady rate until the simulated
 * run ends, checking every byte. On a miss it writes the value again, as a cache-aside application
 * would after fetching it from its backing store (InfiniCache's clients did the same), so one loss
 * does not make a key unavailable for the rest of the run. Each key belongs to one reader thread,
 * so the expected bytes of a key change only between that thread's own calls.
 */
final class ReadWorkload implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadWorkload.class);

    /** @param readsPerSecond wall-clock read rate of all readers together */
    record Shape(int values, int valueBytes, int readers, double readsPerSecond, long seed) {
        Shape {
            if (values < 1 || valueBytes < 1 || readers < 1 || readers > values || !(readsPerSecond > 0)) {
                throw new IllegalArgumentException(
                        "workload needs values >= 1, value-bytes >= 1, 1 <= readers <= values"
                                + " and reads-per-second > 0; got " + values + ", " + valueBytes + ", " + readers + ", "
                                + readsPerSecond);
            }
        }
    }

    private final KeySpace space;
    private final Shape shape;
    private final Key[] keys;
    private final ExecutorService readers;
    private final AtomicBoolean stop = new AtomicBoolean();

    private volatile @Nullable HourlyLedger ledger;

    ReadWorkload(KeySpace space, Shape shape) {
        this.space = space;
        this.shape = shape;
        this.keys = new Key[shape.values()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Key(i);
        }
        this.readers = Executors.newFixedThreadPool(shape.readers(), r -> {
            Thread t = new Thread(r, "availability-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes every value once; a value whose write fails is written again, a few times. */
    int writeAll() {
        int written = 0;
        for (Key key : keys) {
            for (int attempt = 0; attempt < 5 && !key.present; attempt++) {
                key.write(false);
            }
            if (key.present) {
                written++;
            }
        }
        log.info("wrote {} of {} values of {} bytes", written, keys.length, shape.valueBytes());
        return written;
    }

    /**
     * Reads until {@code clock} reaches {@code end}, counting into {@code ledger}; returns when
     * every reader has stopped.
     */
    void readUntil(SimulatedClock clock, HourlyLedger ledger, Duration end) throws InterruptedException {
        this.ledger = ledger;
        long periodNanos = (long) (1e9 * shape.readers() / shape.readsPerSecond());
        List<Future<?>> running = new ArrayList<>();
        for (int r = 0; r < shape.readers(); r++) {
            int reader = r;
            running.add(readers.submit(() -> readLoop(reader, clock, end, periodNanos)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a reader failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** The ledger of the current {@link #readUntil}; counting outside one is a bug. */
    private HourlyLedger ledger() {
        HourlyLedger l = ledger;
        if (l == null) {
            throw new IllegalStateException("no ledger: reads and rewrites are counted only inside readUntil");
        }
        return l;
    }

    private void readLoop(int reader, SimulatedClock clock, Duration end, long periodNanos) {
        SplittableRandom random = new SplittableRandom(shape.seed() * 7919 + reader);
        List<Key> mine = new ArrayList<>();
        for (int i = reader; i < keys.length; i += shape.readers()) {
            if (keys[i].everWritten) {
                mine.add(keys[i]);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        long next = System.nanoTime();
        while (!stop.get() && clock.now().compareTo(end) < 0) {
            mine.get(random.nextInt(mine.size())).read();
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                // Pacing to a steady rate, not synchronisation.
                LockSupport.parkNanos(wait);
            } else if (wait < -1_000_000_000L) {
                next = System.nanoTime();
            }
        }
    }

    /** The bytes of a key's generation: deterministic, so a stale or foreign value never matches. */
    byte[] expected(int key, int generation) {
        byte[] bytes = new byte[shape.valueBytes()];
        new SplittableRandom(shape.seed() * 1_000_003L + key * 65_537L + generation).nextBytes(bytes);
        return bytes;
    }

    private final class Key {
        final int index;
        final byte[] name;
        int generation;
        /** A generation whose write failed without an answer: it may have committed. */
        int uncertain = -1;

        boolean present;
        boolean everWritten;

        Key(int index) {
            this.index = index;
            this.name = ("value-" + index).getBytes(StandardCharsets.UTF_8);
        }

        void write(boolean rewrite) {
            int next = everWritten ? generation + 1 : generation;
            try {
                space.put(name, expected(index, next), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                generation = next;
                uncertain = -1;
                present = true;
                everWritten = true;
                if (rewrite) {
                    ledger().now().rewrites.increment();
                }
            } catch (RuntimeException e) {
                // The put may still have committed: either generation is correct until a read settles it.
                if (everWritten) {
                    uncertain = next;
                }
                log.debug("write of {} failed: {}", index, e.toString());
            }
        }

        void read() {
            HourlyLedger.Hour hour = ledger().now();
            hour.reads.increment();
            StoredValue got;
            try {
                got = space.get(name);
            } catch (RuntimeException e) {
                hour.errors.increment();
                log.debug("read of {} failed: {}", index, e.toString());
                return;
            }
            if (got == null) {
                hour.misses.increment();
                if (present) {
                    hour.lost.increment();
                    present = false;
                }
                write(true);
                return;
            }
            if (Arrays.equals(got.value(), expected(index, generation))) {
                hour.correct.increment();
                present = true;
                return;
            }
            if (uncertain >= 0 && Arrays.equals(got.value(), expected(index, uncertain))) {
                generation = uncertain;
                uncertain = -1;
                hour.correct.increment();
                present = true;
                return;
            }
            hour.wrong.increment();
            log.error(
                    "WRONG BYTES for value {} (generation {}, {} bytes expected, {} returned, version {})",
                    index,
                    generation,
                    shape.valueBytes(),
                    got.value() == null ? -1 : got.value().length,
                    got.version());
        }
    }

    @Override
    public void close() {
        stop.set(true);
        readers.shutdownNow();
    }
}
