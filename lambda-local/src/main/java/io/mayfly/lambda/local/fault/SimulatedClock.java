package io.mayfly.lambda.local.fault;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Simulated time that runs {@code compression} times faster than the wall clock from the moment
 * the clock is made, so an hour of fault rates and intervals runs in minutes. Only the schedule
 * is compressed: the work the instances do (a transfer, a cold start) still takes wall time, so
 * a 300 ms cold start at compression 60 lasts 18 simulated seconds.
 */
public final class SimulatedClock {
    private final double compression;
    private final LongSupplier nanoTime;
    private final long originNanos;

    /** @param compression simulated seconds per wall second; 1 is real time, 60 an hour per minute */
    public SimulatedClock(double compression) {
        this(compression, System::nanoTime);
    }

    SimulatedClock(double compression, LongSupplier nanoTime) {
        if (!(compression >= 1) || Double.isInfinite(compression)) {
            throw new IllegalArgumentException("time compression " + compression
                    + " must be a finite number of at least 1 (1 = real time, 60 = a simulated hour per minute)");
        }
        this.compression = compression;
        this.nanoTime = nanoTime;
        this.originNanos = nanoTime.getAsLong();
    }

    public double compression() {
        return compression;
    }

    /** Simulated time since the clock was made. */
    public Duration now() {
        return Duration.ofNanos((long) ((nanoTime.getAsLong() - originNanos) * compression));
    }

    /** The wall-clock length of a simulated duration. */
    public Duration toWall(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / compression));
    }

    /** The simulated length of a wall-clock duration. */
    public Duration toSimulated(Duration wall) {
        return Duration.ofNanos((long) (wall.toNanos() * compression));
    }

    /** Wall nanoseconds from now until the simulated instant {@code at} (negative when past). */
    long wallNanosUntil(Duration at) {
        long dueNanos = originNanos + (long) (at.toNanos() / compression);
        return dueNanos - nanoTime.getAsLong();
    }

    @Override
    public String toString() {
        return "SimulatedClock[x" + compression + "]";
    }
}
