package io.mayfly.lambda.local.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which faults happen when, in simulated time: the same {@link Spec} (seed included) always gives
 * the same plan, whatever the machine does at run time.
 *
 * <p>Reclaims are a Poisson process per instance slot: each of a function's first
 * {@code instanceSlots} live instances (oldest first) is reclaimed at {@code reclaimsPerInstanceHour}.
 * A slot that is empty at a fault's time skips it, so the rate holds per live instance-hour. AWS
 * publishes nothing; observed are idle instances reclaimed after 10 to 65 minutes and forced
 * recycles about every 2 hours, so 0.5 (a recycle every 2 h, warm-ups keeping idle reclaim away)
 * and 6 (every 10 minutes) bracket it. The other kinds are Poisson over the whole pool.
 */
public final class FaultPlan {
    private static final double NANOS_PER_HOUR = 3_600e9;

    private final Spec spec;
    private final List<PlannedFault> faults;

    private FaultPlan(Spec spec, List<PlannedFault> faults) {
        this.spec = spec;
        this.faults = List.copyOf(faults);
    }

    public static FaultPlan generate(Spec spec) {
        Objects.requireNonNull(spec, "spec");
        List<PlannedFault> faults = new ArrayList<>();
        List<String> functions = spec.functions();
        for (int f = 0; f < functions.size(); f++) {
            for (int slot = 0; slot < spec.instanceSlots(); slot++) {
                SplittableRandom random = stream(spec.seed(), FaultKind.RECLAIM, f, slot);
                for (Duration at : arrivals(random, spec.reclaimsPerInstanceHour(), spec.length())) {
                    faults.add(new PlannedFault(
                            at, FaultKind.RECLAIM, functions.get(f), slot, random.nextLong(), Duration.ZERO));
                }
            }
        }
        poolWide(spec, FaultKind.KILL_MID_INVOCATION, spec.midInvocationKillsPerHour(), Duration.ZERO, false, faults);
        poolWide(spec, FaultKind.STRAGGLE, spec.stragglersPerHour(), spec.stragglerHold(), false, faults);
        poolWide(spec, FaultKind.DROP_CONNECTION, spec.connectionDropsPerHour(), Duration.ZERO, true, faults);
        for (Duration at : spec.proxyRestarts()) {
            faults.add(new PlannedFault(at, FaultKind.RESTART_PROXY, null, 0, 0, Duration.ZERO));
        }
        faults.addAll(spec.explicit());
        faults.sort(Comparator.comparing(PlannedFault::at)
                .thenComparing(PlannedFault::kind)
                .thenComparing(p -> p.function() == null ? "" : p.function())
                .thenComparingInt(PlannedFault::slot));
        return new FaultPlan(spec, faults);
    }

    private static void poolWide(
            Spec spec, FaultKind kind, double perHour, Duration hold, boolean namesFunction, List<PlannedFault> out) {
        SplittableRandom random = stream(spec.seed(), kind, -1, 0);
        for (Duration at : arrivals(random, perHour, spec.length())) {
            long pick = random.nextLong();
            String function = namesFunction
                    ? spec.functions().get((int)
                            Math.floorMod(pick, (long) spec.functions().size()))
                    : null;
            out.add(new PlannedFault(at, kind, function, 0, pick, hold));
        }
    }

    /** Poisson arrivals: exponential gaps of mean 1/rate, up to the plan's length. */
    private static List<Duration> arrivals(SplittableRandom random, double perHour, Duration length) {
        List<Duration> out = new ArrayList<>();
        if (perHour <= 0) {
            return out;
        }
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / perHour * NANOS_PER_HOUR;
            if (t >= length.toNanos()) {
                return out;
            }
            out.add(Duration.ofNanos((long) t));
        }
    }

    /** An independent random stream per kind, function and slot, so adding functions keeps the others' plans. */
    private static SplittableRandom stream(long seed, FaultKind kind, int function, int slot) {
        long h = seed;
        h = mix(h ^ (kind.ordinal() + 1L) * 0x9E3779B97F4A7C15L);
        h = mix(h ^ (function + 2L) * 0xC2B2AE3D27D4EB4FL);
        h = mix(h ^ (slot + 3L) * 0x165667B19E3779F9L);
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public Spec spec() {
        return spec;
    }

    /** Every fault, in simulated-time order. */
    public List<PlannedFault> faults() {
        return faults;
    }

    public long count(FaultKind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }

    public Map<FaultKind, Long> counts() {
        Map<FaultKind, Long> out = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            out.put(kind, count(kind));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FaultPlan[seed " + spec.seed() + ", " + spec.length() + ", " + counts() + "]";
    }

    public static Spec.Builder builder(long seed, Duration length, List<String> functions) {
        return new Spec.Builder(seed, length, functions);
    }

    /**
     * What to plan.
     *
     * @param instanceSlots              how many live instances of each function may be reclaimed
     *                                   (2 covers a primary and its backup instance)
     * @param reclaimsPerInstanceHour    Poisson rate of reclaims per live instance per simulated hour
     * @param midInvocationKillsPerHour  pool-wide rate of kills of a busy instance
     * @param stragglersPerHour          pool-wide rate of freezes of a live instance, each for {@code stragglerHold}
     * @param connectionDropsPerHour     pool-wide rate of dropped connections (carried out by the embedder)
     * @param proxyRestarts              simulated instants at which the embedder restarts its proxy
     * @param explicit                   faults placed by hand, besides the random ones
     */
    public record Spec(
            long seed,
            Duration length,
            List<String> functions,
            int instanceSlots,
            double reclaimsPerInstanceHour,
            double midInvocationKillsPerHour,
            double stragglersPerHour,
            Duration stragglerHold,
            double connectionDropsPerHour,
            List<Duration> proxyRestarts,
            List<PlannedFault> explicit) {
        public Spec {
            Objects.requireNonNull(length, "length");
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("fault plan length " + length + " must be positive");
            }
            functions = List.copyOf(functions);
            if (functions.isEmpty()) {
                throw new IllegalArgumentException("a fault plan needs at least one function to act on");
            }
            if (instanceSlots < 1) {
                throw new IllegalArgumentException("instance slots " + instanceSlots + " must be at least 1");
            }
            requireRate(reclaimsPerInstanceHour, "reclaims per instance-hour");
            requireRate(midInvocationKillsPerHour, "mid-invocation kills per hour");
            requireRate(stragglersPerHour, "stragglers per hour");
            requireRate(connectionDropsPerHour, "connection drops per hour");
            Objects.requireNonNull(stragglerHold, "stragglerHold");
            if (stragglerHold.isNegative()) {
                throw new IllegalArgumentException("straggler hold " + stragglerHold + " must not be negative");
            }
            proxyRestarts = List.copyOf(proxyRestarts);
            for (Duration at : proxyRestarts) {
                if (at.isNegative() || at.compareTo(length) >= 0) {
                    throw new IllegalArgumentException(
                            "proxy restart at " + at + " is outside the plan's 0.." + length);
                }
            }
            explicit = List.copyOf(explicit);
            for (PlannedFault f : explicit) {
                if (f.at().isNegative() || f.at().compareTo(length) >= 0) {
                    throw new IllegalArgumentException("fault " + f + " is outside the plan's 0.." + length);
                }
            }
        }

        private static void requireRate(double rate, String what) {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException(what + " " + rate + " must be a finite number of at least 0");
            }
        }

        /** Collects a spec; every rate defaults to 0 and two instance slots per function. */
        public static final class Builder {
            private final long seed;
            private final Duration length;
            private final List<String> functions;
            private int instanceSlots = 2;
            private double reclaimsPerInstanceHour;
            private double midInvocationKillsPerHour;
            private double stragglersPerHour;
            private Duration stragglerHold = Duration.ofSeconds(30);
            private double connectionDropsPerHour;
            private final List<Duration> proxyRestarts = new ArrayList<>();
            private final List<PlannedFault> explicit = new ArrayList<>();

            private Builder(long seed, Duration length, List<String> functions) {
                this.seed = seed;
                this.length = length;
                this.functions = functions;
            }

            public Builder instanceSlots(int slots) {
                this.instanceSlots = slots;
                return this;
            }

            public Builder reclaimsPerInstanceHour(double rate) {
                this.reclaimsPerInstanceHour = rate;
                return this;
            }

            public Builder midInvocationKillsPerHour(double rate) {
                this.midInvocationKillsPerHour = rate;
                return this;
            }

            public Builder stragglers(double perHour, Duration hold) {
                this.stragglersPerHour = perHour;
                this.stragglerHold = hold;
                return this;
            }

            public Builder connectionDropsPerHour(double rate) {
                this.connectionDropsPerHour = rate;
                return this;
            }

            public Builder proxyRestartAt(Duration at) {
                this.proxyRestarts.add(at);
                return this;
            }
            /** One fault at a chosen instant, besides the random ones. */
            public Builder also(PlannedFault fault) {
                this.explicit.add(Objects.requireNonNull(fault));
                return this;
            }

            public Spec build() {
                return new Spec(
                        seed,
                        length,
                        functions,
                        instanceSlots,
                        reclaimsPerInstanceHour,
                        midInvocationKillsPerHour,
                        stragglersPerHour,
                        stragglerHold,
                        connectionDropsPerHour,
                        proxyRestarts,
                        explicit);
            }

            public FaultPlan plan() {
                return FaultPlan.generate(build());
            }
        }
    }
}
