package io.mayfly.benchmarks.availability;

import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.fault.FaultKind;
import io.mayfly.lambda.local.fault.FaultOutcome;
import io.mayfly.lambda.local.fault.SimulatedClock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts per simulated hour: reads by outcome, values lost, rewrites, faults carried out, and
 * lambda-local's billed invocations by purpose. Thread-safe; anything past the last hour counts
 * in the last.
 */
final class HourlyLedger {
    private final SimulatedClock clock;
    private final List<Hour> hours = new ArrayList<>();

    HourlyLedger(SimulatedClock clock, int hourCount) {
        this.clock = clock;
        for (int i = 0; i < hourCount; i++) {
            hours.add(new Hour(i));
        }
    }

    Hour now() {
        long h = clock.now().toHours();
        return hours.get((int) Math.max(0, Math.min(hours.size() - 1, h)));
    }

    List<Hour> hours() {
        return hours;
    }

    void billed(BillingMeter.BilledInvocation invocation) {
        now().bill(invocation.label(), invocation.gbSeconds());
    }

    void fault(FaultOutcome outcome) {
        if (outcome.applied()) {
            Objects.requireNonNull(now().faults.get(outcome.fault().kind()), "every fault kind has a counter")
                    .increment();
        }
    }

    /** One simulated hour's counts. */
    static final class Hour {
        final int index;
        final LongAdder reads = new LongAdder();
        final LongAdder correct = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder wrong = new LongAdder();
        final LongAdder lost = new LongAdder();
        final LongAdder rewrites = new LongAdder();
        final Map<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
        final Map<String, LongAdder> invocations = new ConcurrentHashMap<>();
        final Map<String, DoubleAdder> gbSeconds = new ConcurrentHashMap<>();
        /** The proxy's keep-alive counters as last seen in this hour (cumulative), or null. */
        volatile @Nullable KeepAliveTotals keepAlive;

        Hour(int index) {
            this.index = index;
            for (FaultKind kind : FaultKind.values()) {
                faults.put(kind, new LongAdder());
            }
        }

        void bill(String label, double gbs) {
            invocations.computeIfAbsent(label, l -> new LongAdder()).increment();
            gbSeconds.computeIfAbsent(label, l -> new DoubleAdder()).add(gbs);
        }

        long invocations(String label) {
            LongAdder a = invocations.get(label);
            return a == null ? 0 : a.sum();
        }

        double gbSeconds(String label) {
            DoubleAdder a = gbSeconds.get(label);
            return a == null ? 0 : a.sum();
        }

        /** Correct reads over all reads of previously written values; NaN with no reads. */
        double availability() {
            long r = reads.sum();
            return r == 0 ? Double.NaN : (double) correct.sum() / r;
        }

        Map<String, Long> faultCounts() {
            Map<String, Long> out = new LinkedHashMap<>();
            faults.forEach((k, v) -> out.put(k.name(), v.sum()));
            return out;
        }
    }
}
