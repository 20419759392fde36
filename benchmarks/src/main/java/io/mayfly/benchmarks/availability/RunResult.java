package io.mayfly.benchmarks.availability;

import java.util.List;
import java.util.Map;

/**
 * What one run measured.
 *
 * @param hours       one row per simulated hour
 * @param restarts    proxy restarts carried out
 * @param wallSeconds how long the run took
 */
record RunResult(RunSpec spec, int valuesWritten, List<HourRow> hours, int restarts, double wallSeconds) {

    /** One simulated hour, as counted; keepAlive is what the proxy's mechanisms did in it. */
    record HourRow(
            int hour,
            long reads,
            long correct,
            long misses,
            long errors,
            long wrong,
            long lost,
            long rewrites,
            Map<String, Long> faults,
            Map<String, Long> invocations,
            Map<String, Double> gbSeconds,
            KeepAliveTotals keepAlive) {

        long bytesRepaired() {
            return keepAlive.bytesRepaired();
        }

        double availability() {
            return reads == 0 ? Double.NaN : (double) correct / reads;
        }

        long invocations(String label) {
            return invocations.getOrDefault(label, 0L);
        }

        double gbSeconds(String label) {
            return gbSeconds.getOrDefault(label, 0.0);
        }
    }

    long reads() {
        return hours.stream().mapToLong(HourRow::reads).sum();
    }

    long correct() {
        return hours.stream().mapToLong(HourRow::correct).sum();
    }

    long wrong() {
        return hours.stream().mapToLong(HourRow::wrong).sum();
    }

    long lost() {
        return hours.stream().mapToLong(HourRow::lost).sum();
    }

    double availability() {
        long r = reads();
        return r == 0 ? Double.NaN : (double) correct() / r;
    }

    /** The worst hour's availability. */
    double worstHour() {
        return hours.stream()
                .mapToDouble(HourRow::availability)
                .filter(d -> !Double.isNaN(d))
                .min()
                .orElse(Double.NaN);
    }

    long faults(String kind) {
        return hours.stream().mapToLong(h -> h.faults().getOrDefault(kind, 0L)).sum();
    }

    long invocations(String label) {
        return hours.stream().mapToLong(h -> h.invocations(label)).sum();
    }

    double gbSeconds(String label) {
        return hours.stream().mapToDouble(h -> h.gbSeconds(label)).sum();
    }

    KeepAliveTotals keepAlive() {
        KeepAliveTotals sum = KeepAliveTotals.ZERO;
        for (HourRow h : hours) {
            sum = sum.plus(h.keepAlive());
        }
        return sum;
    }

    long bytesRepaired() {
        return keepAlive().bytesRepaired();
    }
}
