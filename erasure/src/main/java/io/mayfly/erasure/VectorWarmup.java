package io.mayfly.erasure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Gets the vector kernel compiled off the request path and says when it may take over.
 *
 * <p>On {@link #start()} one thread loads the vector kernel (and with it the Vector API, itself
 * hundreds of milliseconds in a fresh JVM) and runs rounds of scratch work, each timed once on
 * the vector and once on the scalar kernel. The vector kernel counts as warm after every group of
 * calls in its round runs {@value #SPEEDUP_NEEDED}x faster than the best scalar round of that group
 * so far, {@value #WINS_NEEDED} rounds in a row: interpreted or C1-compiled Vector API code runs
 * 10-100x slower than scalar and C2-compiled code 5-30x faster, so a win means every method of the
 * round is C2 code, and the rule needs no per-machine rate bound (both kernels are timed on the
 * same thread, so load slows both; preemption only delays the switch). Under
 * -Xint or -XX:TieredStopAtLevel=1 the vector kernel never wins, and the warm-up gives up after
 * {@value #MAX_ROUNDS} rounds or {@link #MAX_DURATION}, leaving AUTO on scalar, which is then the
 * faster kernel. Either way the thread then ends.
 *
 * <p>A round touches every shape of call the codec makes, so the profile C2 compiles from has
 * seen them all and a request does not hit an uncommon trap (and drop back to the interpreter)
 * after the switch: two rows and a lone row, lengths below one vector, with a tail, and across a
 * chunk boundary, and direct, read-only heap and read-only direct buffers.
 */
final class VectorWarmup implements AutoCloseable {

    static final String THREAD_NAME = "mayfly-erasure-warmup";
    /**
     * How much faster than the best scalar round each group of a vector round must run. Measured
     * here (AVX2, JDK 17), warm vector against scalar: arrays 3-4 vs 17 us, the two-chunk array
     * 2-3 vs 23 us, buffers 5-6 vs 160-170 us; any group still in C1 runs slower than scalar.
     */
    static final double SPEEDUP_NEEDED = 1.5;

    static final int WINS_NEEDED = 3;
    /**
     * Measured here: warm after 130-410 rounds, 1-9 s on two cores at load average 10 (C2 compiles
     * of the Vector API loops wait for CPU); a round of warm kernels takes under 1 ms.
     */
    static final int MAX_ROUNDS = 1_000;

    static final Duration MAX_DURATION = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(VectorWarmup.class.getName());

    /** How the warm-up ended; {@link #RUNNING} until it has. */
    enum Outcome {
        RUNNING,
        WARM,
        GAVE_UP,
        FAILED,
        CLOSED
    }

    private final ThreadFactory threads;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Non-null once warm: the flag every AUTO call reads. */
    private volatile @Nullable CodingKernel warmKernel;

    private volatile Outcome outcome = Outcome.RUNNING;
    private volatile boolean closed;
    private volatile int rounds;

    /** {@code threads} makes the one warm-up thread; production uses {@link #daemonThread}. */
    VectorWarmup(ThreadFactory threads) {
        this.threads = threads;
    }

    /**
     * A daemon thread, so the warm-up never keeps a JVM alive, that inherits neither the caller's
     * context class loader nor its inheritable thread locals, so it pins nothing of an application
     * that happened to make the first call.
     */
    static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(null, task, THREAD_NAME, 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        return thread;
    }

    /** Starts the warm-up thread unless it was started or closed before; cheap to call again. */
    void start() {
        if (!started.get() && started.compareAndSet(false, true)) {
            threads.newThread(this::run).start();
        }
    }

    /** The vector kernel once it is warm, else null. */
    @Nullable
    CodingKernel warmKernel() {
        return warmKernel;
    }

    Outcome outcome() {
        return outcome;
    }

    /** Rounds run so far. */
    int rounds() {
        return rounds;
    }

    /** Waits until the warm-up thread has ended (warm, given up or closed); false if not within {@code timeout}. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the warm-up after its current round (or before it starts); a kernel already warm stays in use. */
    @Override
    public void close() {
        closed = true;
        if (started.compareAndSet(false, true)) {
            outcome = Outcome.CLOSED;
            finished.countDown();
        }
    }

    private void run() {
        long begin = System.nanoTime();
        try {
            if (closed) {
                outcome = Outcome.CLOSED;
                return;
            }
            CodingKernel vector = CodingPath.VECTOR.kernel();
            Workload workload = new Workload();
            int wins = 0;
            while (!closed) {
                rounds++;
                long[] vectorRound = workload.time(vector);
                wins = workload.vectorWins(vectorRound, workload.time(ScalarKernel.INSTANCE)) ? wins + 1 : 0;
                if (wins >= WINS_NEEDED) {
                    warmKernel = vector;
                    outcome = Outcome.WARM;
                    long elapsed = System.nanoTime() - begin;
                    LOG.log(
                            System.Logger.Level.INFO,
                            () -> String.format(
                                    "erasure: vector kernel warm after %d"
                                            + " rounds in %d ms (a round: vector %.0f us, best scalar %.0f us); AUTO codecs now use it",
                                    rounds,
                                    elapsed / 1_000_000,
                                    Workload.sum(workload.lastVector) / 1e3,
                                    Workload.sum(workload.bestScalar) / 1e3));
                    return;
                }
                if (rounds >= MAX_ROUNDS || System.nanoTime() - begin > MAX_DURATION.toNanos()) {
                    outcome = Outcome.GAVE_UP;
                    LOG.log(
                            System.Logger.Level.INFO,
                            () -> String.format(
                                    "erasure: the vector kernel is still"
                                            + " not clearly faster than the scalar kernel after %d warm-up rounds (%.0f vs %.0f us);"
                                            + " AUTO stays on scalar (-D%s=vector forces vector)",
                                    rounds,
                                    Workload.sum(workload.lastVector) / 1e3,
                                    Workload.sum(workload.bestScalar) / 1e3,
                                    CodingPath.PROPERTY));
                    return;
                }
            }
            outcome = Outcome.CLOSED;
        } catch (RuntimeException | LinkageError e) {
            outcome = Outcome.FAILED;
            LOG.log(System.Logger.Level.WARNING, "erasure: vector kernel warm-up failed; AUTO stays on scalar", e);
        } finally {
            finished.countDown();
        }
    }

    /** Scratch shards for one round; allocated on the warm-up thread and dropped with it. */
    private static final class Workload {

        /** Timed separately: arrays, a two-chunk array, direct, read-only heap and read-only direct buffers. */
        private static final int GROUPS = 5;

        private static final int COLUMNS = 10;
        private static final int ROWS = 3;
        /** 32 vector steps (256-bit) and a 13-byte tail: short calls reach C2's invocation threshold soonest. */
        private static final int SHORT = 1024 + 13;
        /** Less than one vector: the tail loop alone. */
        private static final int TINY = 7;
        /** Two chunks, the second one short. */
        private static final int LONG = CodingKernel.CHUNK_BYTES + 45;

        private final CodingMatrix matrix;
        private final CodingMatrix oneColumn;
        private final byte[][] inputs = new byte[COLUMNS][SHORT];
        private final byte[][] outputs = new byte[ROWS][LONG];
        private final byte[][] longInput = new byte[1][LONG];
        private final int[] inputOffsets = new int[COLUMNS];
        private final int[] outputOffsets = new int[ROWS];
        private final ByteBuffer[] directInputs = new ByteBuffer[COLUMNS];
        private final ByteBuffer[] readOnlyHeapInputs = new ByteBuffer[COLUMNS];
        private final ByteBuffer[] readOnlyDirectInputs = new ByteBuffer[COLUMNS];
        private final ByteBuffer[] directOutputs = new ByteBuffer[ROWS];
        private final ByteBuffer[] heapOutputs = new ByteBuffer[ROWS];

        /** The best scalar round per group: a preempted or cold scalar round must not make vector look warm. */
        final long[] bestScalar = new long[GROUPS];

        long[] lastVector = new long[GROUPS];

        Workload() {
            Arrays.fill(bestScalar, Long.MAX_VALUE);
            Random random = new Random(0x11D);
            byte[][] rows = new byte[ROWS][COLUMNS];
            byte[][] column = new byte[ROWS][1];
            for (int j = 0; j < ROWS; j++) {
                for (int i = 0; i < COLUMNS; i++) {
                    rows[j][i] = (byte) (1 + random.nextInt(255));
                }
                column[j][0] = rows[j][0];
            }
            matrix = new CodingMatrix(rows, COLUMNS);
            oneColumn = new CodingMatrix(column, 1);
            random.nextBytes(longInput[0]);
            for (int i = 0; i < COLUMNS; i++) {
                random.nextBytes(inputs[i]);
                directInputs[i] = ByteBuffer.allocateDirect(SHORT).put(0, inputs[i]);
                readOnlyHeapInputs[i] = ByteBuffer.wrap(inputs[i]).asReadOnlyBuffer();
                readOnlyDirectInputs[i] = directInputs[i].asReadOnlyBuffer();
            }
            for (int j = 0; j < ROWS; j++) {
                directOutputs[j] = ByteBuffer.allocateDirect(SHORT);
                heapOutputs[j] = ByteBuffer.allocate(SHORT);
            }
        }

        /** One round on {@code kernel}: nanoseconds per group (arrays, a long array, three kinds of buffer). */
        long[] time(CodingKernel kernel) {
            long[] nanos = new long[GROUPS];
            long start = System.nanoTime();
            kernel.code(matrix, inputs, inputOffsets, outputs, outputOffsets, SHORT);
            kernel.code(matrix, inputs, inputOffsets, outputs, outputOffsets, TINY);
            kernel.code(matrix, inputs, inputOffsets, outputs, outputOffsets, 0);
            start = lap(nanos, 0, start);
            kernel.code(oneColumn, longInput, new int[1], outputs, outputOffsets, LONG);
            start = lap(nanos, 1, start);
            kernel.code(matrix, directInputs, directOutputs, SHORT);
            start = lap(nanos, 2, start);
            kernel.code(matrix, readOnlyHeapInputs, heapOutputs, SHORT);
            start = lap(nanos, 3, start);
            kernel.code(matrix, readOnlyDirectInputs, directOutputs, SHORT);
            lap(nanos, 4, start);
            return nanos;
        }

        private static long lap(long[] nanos, int group, long start) {
            long now = System.nanoTime();
            nanos[group] = now - start;
            return now;
        }

        /**
         * Whether every group of the vector round ran {@value VectorWarmup#SPEEDUP_NEEDED}x faster than the
         * best scalar round of that group; also keeps the best scalar round. Per group, because a
         * method still in C1 hides in a whole-round sum when the scalar buffer loop (by far the
         * slowest part of a scalar round) makes the total look good.
         */
        boolean vectorWins(long[] vector, long[] scalar) {
            boolean wins = true;
            for (int g = 0; g < GROUPS; g++) {
                bestScalar[g] = Math.min(bestScalar[g], scalar[g]);
                wins &= vector[g] * SPEEDUP_NEEDED < bestScalar[g];
            }
            lastVector = vector;
            return wins;
        }

        static long sum(long[] nanos) {
            long sum = 0;
            for (long n : nanos) {
                sum += n;
            }
            return sum;
        }
    }
}
