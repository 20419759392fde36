package io.mayfly.lambda.local.billing;

import io.mayfly.lambda.local.Architecture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Lambda's bill for a run: per function and per instance, requests and billed duration, each
 * invocation's duration rounded UP to the billing granularity (1 ms today on AWS; 100 ms to
 * compare with the InfiniCache paper's era), times memory. Each invocation also carries a label
 * from an {@link InvocationLabeler}, so the bill can be split by purpose ({@link #byLabel()}).
 *
 * <p>Lambda bills an invocation when it returns ({@link #report()}). A serving node can stay in
 * one invocation for minutes, so a reading taken during a run would miss it: {@link #billedSoFar()}
 * also counts the invocations still running, each as if it returned at the reading.
 */
public final class BillingMeter {
    /** How many recent invocations {@link #recentInvocations()} keeps. */
    public static final int LEDGER_CAPACITY = 10_000;

    private static final double USD_PER_REQUEST = 0.20 / 1_000_000;

    private final long granularityNanos;
    private final Map<String, Account> functions = new LinkedHashMap<>();
    private final Map<String, Account> instances = new LinkedHashMap<>();
    private final Map<String, Account> labels = new LinkedHashMap<>();
    private final ArrayDeque<BilledInvocation> ledger = new ArrayDeque<>();
    // Identity set: a running invocation is the object started() handed out.
    private final Set<RunningInvocation> running = new LinkedHashSet<>();
    private final InvocationLabeler labeler;
    private final List<BillingListener> listeners = new CopyOnWriteArrayList<>();

    public BillingMeter(Duration granularity) {
        this(granularity, InvocationLabeler.NONE);
    }

    public BillingMeter(Duration granularity, InvocationLabeler labeler) {
        if (granularity.isNegative() || granularity.isZero() || granularity.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("billing granularity " + granularity
                    + " must be a positive whole number of milliseconds (1 ms on AWS today)");
        }
        this.granularityNanos = granularity.toNanos();
        this.labeler = java.util.Objects.requireNonNull(labeler, "labeler");
    }

    public Duration granularity() {
        return Duration.ofNanos(granularityNanos);
    }

    /** Billed milliseconds for a duration: rounded up to the granularity. */
    public long billedMillis(long durationNanos) {
        long units = Math.max(1, (durationNanos + granularityNanos - 1) / granularityNanos);
        return units * (granularityNanos / 1_000_000);
    }

    /** Records one invocation that ran on an instance (whatever its outcome), labelled {@value InvocationLabeler#DEFAULT_LABEL}. */
    public BilledInvocation record(
            String function,
            int memoryMb,
            Architecture architecture,
            String instanceId,
            String requestId,
            long durationNanos) {
        return record(
                function,
                memoryMb,
                architecture,
                instanceId,
                requestId,
                InvocationLabeler.DEFAULT_LABEL,
                durationNanos);
    }

    /** Records one invocation, labelled from its payload by this meter's {@link InvocationLabeler}. */
    public BilledInvocation record(
            String function,
            int memoryMb,
            Architecture architecture,
            String instanceId,
            String requestId,
            byte[] payload,
            long durationNanos) {
        return record(function, memoryMb, architecture, instanceId, requestId, label(function, payload), durationNanos);
    }

    /**
     * Notes an invocation that has just reached an instance; {@link #ended} bills it when it
     * returns, and {@link #billedSoFar()} counts it until then.
     *
     * @param startNanos when it reached the instance, on the {@link System#nanoTime()} clock
     */
    public RunningInvocation started(
            String function,
            int memoryMb,
            Architecture architecture,
            String instanceId,
            String requestId,
            byte[] payload,
            long startNanos) {
        RunningInvocation invocation = new RunningInvocation(
                function, memoryMb, architecture, instanceId, requestId, label(function, payload), startNanos);
        synchronized (this) {
            running.add(invocation);
        }
        return invocation;
    }

    /**
     * Bills a running invocation that returned (or failed, or was cut off) at {@code endNanos}.
     * It leaves the running set and enters the bill in one step, so no reading sees it in neither.
     */
    public BilledInvocation ended(RunningInvocation invocation, long endNanos) {
        return record(
                invocation.function,
                invocation.memoryMb,
                invocation.architecture,
                invocation.instanceId,
                invocation.requestId,
                invocation.label,
                endNanos - invocation.startNanos,
                invocation);
    }

    private String label(String function, byte[] payload) {
        String label;
        try {
            label = labeler.label(function, payload);
        } catch (RuntimeException e) {
            label = null;
        }
        return label == null ? InvocationLabeler.DEFAULT_LABEL : label;
    }

    private BilledInvocation record(
            String function,
            int memoryMb,
            Architecture architecture,
            String instanceId,
            String requestId,
            String label,
            long durationNanos) {
        return record(function, memoryMb, architecture, instanceId, requestId, label, durationNanos, null);
    }

    private BilledInvocation record(
            String function,
            int memoryMb,
            Architecture architecture,
            String instanceId,
            String requestId,
            String label,
            long durationNanos,
            @Nullable RunningInvocation ending) {
        long billed = billedMillis(durationNanos);
        BilledInvocation entry =
                new BilledInvocation(function, instanceId, requestId, label, memoryMb, durationNanos, billed);
        synchronized (this) {
            if (ending != null && !running.remove(ending)) {
                throw new IllegalStateException("invocation " + requestId + " on instance " + instanceId
                        + " was billed already or never started; bill each started invocation once");
            }
            functions
                    .computeIfAbsent(function, f -> new Account(function, null, memoryMb, architecture))
                    .add(billed);
            instances
                    .computeIfAbsent(instanceId, i -> new Account(function, instanceId, memoryMb, architecture))
                    .add(billed);
            labels.computeIfAbsent(label, l -> new Account(l, null, 0, architecture))
                    .addGbSeconds(billed, memoryMb);
            if (ledger.size() == LEDGER_CAPACITY) {
                ledger.removeFirst();
            }
            ledger.addLast(entry);
        }
        for (BillingListener listener : listeners) {
            listener.billed(entry);
        }
        return entry;
    }

    /** Hears every invocation billed from now on; see {@link BillingListener} for the rules. */
    public void addListener(BillingListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(BillingListener listener) {
        listeners.remove(listener);
    }

    /** Requests, billed milliseconds and GB-seconds per label, in the order labels first appeared. */
    public synchronized Map<String, LabelTotals> byLabel() {
        Map<String, LabelTotals> out = new LinkedHashMap<>();
        labels.forEach((label, a) -> out.put(label, new LabelTotals(a.requests, a.billedMillis, a.gbSeconds)));
        return out;
    }

    /** What one label's invocations cost. */
    public record LabelTotals(long requests, long billedMillis, double gbSeconds) {}

    /** The last {@link #LEDGER_CAPACITY} invocations, oldest first. */
    public synchronized List<BilledInvocation> recentInvocations() {
        return List.copyOf(ledger);
    }

    /** The bill of the invocations that have returned, as Lambda bills them. */
    public synchronized BillingReport report() {
        return report(functions, instances, 0);
    }

    /**
     * The bill so far: the returned invocations plus those still running, each of these billed
     * as if it returned now (its elapsed time rounded up as {@link #billedMillis} rounds) and
     * counted as one request. A running invocation is billed at least this much when it returns,
     * so readings never go down.
     */
    public BillingReport billedSoFar() {
        return billedSoFar(System.nanoTime());
    }

    /** {@link #billedSoFar()} as of {@code nowNanos} on the {@link System#nanoTime()} clock. */
    public synchronized BillingReport billedSoFar(long nowNanos) {
        Map<String, Account> perFunction = copy(functions);
        Map<String, Account> perInstance = copy(instances);
        for (RunningInvocation r : running) {
            long billed = billedMillis(nowNanos - r.startNanos);
            perFunction
                    .computeIfAbsent(r.function, f -> new Account(r.function, null, r.memoryMb, r.architecture))
                    .add(billed);
            perInstance
                    .computeIfAbsent(
                            r.instanceId, i -> new Account(r.function, r.instanceId, r.memoryMb, r.architecture))
                    .add(billed);
        }
        return report(perFunction, perInstance, running.size());
    }

    /** The invocations running now, oldest first. */
    public synchronized List<RunningInvocation> runningInvocations() {
        return List.copyOf(running);
    }

    private BillingReport report(
            Map<String, Account> perFunctionAccounts, Map<String, Account> perInstanceAccounts, int inFlight) {
        List<BillingReport.Line> perFunction = new ArrayList<>();
        perFunctionAccounts.values().forEach(a -> perFunction.add(a.line()));
        List<BillingReport.Line> perInstance = new ArrayList<>();
        perInstanceAccounts.values().forEach(a -> perInstance.add(a.line()));
        perInstance.sort(Comparator.comparing(BillingReport.Line::function));
        return new BillingReport(granularity(), perFunction, perInstance, inFlight);
    }

    private static Map<String, Account> copy(Map<String, Account> accounts) {
        Map<String, Account> out = new LinkedHashMap<>();
        accounts.forEach((key, a) -> out.put(key, a.copy()));
        return out;
    }

    /**
     * An invocation on an instance now, as {@link #started} noted it; {@link #ended} bills it.
     * Compared by identity: each start is its own invocation.
     */
    public static final class RunningInvocation {
        private final String function;
        private final int memoryMb;
        private final Architecture architecture;
        private final String instanceId;
        private final String requestId;
        private final String label;
        private final long startNanos;

        private RunningInvocation(
                String function,
                int memoryMb,
                Architecture architecture,
                String instanceId,
                String requestId,
                String label,
                long startNanos) {
            this.function = function;
            this.memoryMb = memoryMb;
            this.architecture = architecture;
            this.instanceId = instanceId;
            this.requestId = requestId;
            this.label = label;
            this.startNanos = startNanos;
        }

        public String function() {
            return function;
        }

        public String instanceId() {
            return instanceId;
        }

        public String requestId() {
            return requestId;
        }

        public String label() {
            return label;
        }

        public int memoryMb() {
            return memoryMb;
        }

        /** When it reached its instance, on the {@link System#nanoTime()} clock. */
        public long startNanos() {
            return startNanos;
        }

        @Override
        public String toString() {
            return "invocation " + requestId + " of " + function + " on " + instanceId;
        }
    }

    /** One invocation as billed. */
    public record BilledInvocation(
            String function,
            String instanceId,
            String requestId,
            String label,
            int memoryMb,
            long durationNanos,
            long billedMillis) {
        public double gbSeconds() {
            return BillingMeter.gbSeconds(billedMillis, memoryMb);
        }
    }

    static double gbSeconds(long billedMillis, int memoryMb) {
        return billedMillis / 1000.0 * memoryMb / 1024.0;
    }

    static double requestCost(long requests) {
        return requests * USD_PER_REQUEST;
    }

    private static final class Account {
        final String function;
        final @Nullable String instanceId;
        final int memoryMb;
        final Architecture architecture;
        long requests;
        long billedMillis;
        // Only for labels, whose invocations may come from functions of different memory sizes.
        double gbSeconds;

        Account(String function, @Nullable String instanceId, int memoryMb, Architecture architecture) {
            this.function = function;
            this.instanceId = instanceId;
            this.memoryMb = memoryMb;
            this.architecture = architecture;
        }

        Account copy() {
            Account a = new Account(function, instanceId, memoryMb, architecture);
            a.requests = requests;
            a.billedMillis = billedMillis;
            a.gbSeconds = gbSeconds;
            return a;
        }

        void add(long billed) {
            requests++;
            billedMillis += billed;
        }

        void addGbSeconds(long billed, int invocationMemoryMb) {
            add(billed);
            gbSeconds += BillingMeter.gbSeconds(billed, invocationMemoryMb);
        }

        BillingReport.Line line() {
            double gbs = gbSeconds(billedMillis, memoryMb);
            return new BillingReport.Line(
                    function,
                    instanceId,
                    memoryMb,
                    architecture,
                    requests,
                    billedMillis,
                    gbs,
                    gbs * architecture.usdPerGbSecond(),
                    requestCost(requests));
        }
    }
}
