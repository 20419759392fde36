package io.mayfly.lambda.local.billing;

import io.mayfly.lambda.local.Architecture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lambda's bill for a run: per function and per instance, requests and billed duration, each
 * invocation's duration rounded UP to the billing granularity (1 ms today on AWS; 100 ms to
 * compare with the InfiniCache paper's era), times memory. Each invocation also carries a label
 * from an {@link InvocationLabeler}, so the bill can be split by purpose ({@link #byLabel()}).
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
    public BilledInvocation record(String function, int memoryMb, Architecture architecture,
                                   String instanceId, String requestId, long durationNanos) {
        return record(function, memoryMb, architecture, instanceId, requestId, InvocationLabeler.DEFAULT_LABEL,
                durationNanos);
    }

    /** Records one invocation, labelled from its payload by this meter's {@link InvocationLabeler}. */
    public BilledInvocation record(String function, int memoryMb, Architecture architecture, String instanceId,
                                   String requestId, byte[] payload, long durationNanos) {
        String label;
        try {
            label = labeler.label(function, payload);
        } catch (RuntimeException e) {
            label = null;
        }
        return record(function, memoryMb, architecture, instanceId, requestId,
                label == null ? InvocationLabeler.DEFAULT_LABEL : label, durationNanos);
    }

    private BilledInvocation record(String function, int memoryMb, Architecture architecture, String instanceId,
                                    String requestId, String label, long durationNanos) {
        long billed = billedMillis(durationNanos);
        BilledInvocation entry = new BilledInvocation(function, instanceId, requestId, label, memoryMb, durationNanos,
                billed);
        synchronized (this) {
            functions.computeIfAbsent(function, f -> new Account(function, null, memoryMb, architecture)).add(billed);
            instances.computeIfAbsent(instanceId, i -> new Account(function, instanceId, memoryMb, architecture))
                    .add(billed);
            labels.computeIfAbsent(label, l -> new Account(l, null, 0, architecture)).addGbSeconds(billed, memoryMb);
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
    public record LabelTotals(long requests, long billedMillis, double gbSeconds) { }

    /** The last {@link #LEDGER_CAPACITY} invocations, oldest first. */
    public synchronized List<BilledInvocation> recentInvocations() {
        return List.copyOf(ledger);
    }

    public synchronized BillingReport report() {
        List<BillingReport.Line> perFunction = new ArrayList<>();
        functions.values().forEach(a -> perFunction.add(a.line()));
        List<BillingReport.Line> perInstance = new ArrayList<>();
        instances.values().forEach(a -> perInstance.add(a.line()));
        perInstance.sort(Comparator.comparing(BillingReport.Line::function));
        return new BillingReport(granularity(), perFunction, perInstance);
    }

    /** One invocation as billed. */
    public record BilledInvocation(String function, String instanceId, String requestId, String label, int memoryMb,
                                   long durationNanos, long billedMillis) {
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
        final String instanceId;
        final int memoryMb;
        final Architecture architecture;
        long requests;
        long billedMillis;
        // Only for labels, whose invocations may come from functions of different memory sizes.
        double gbSeconds;

        Account(String function, String instanceId, int memoryMb, Architecture architecture) {
            this.function = function;
            this.instanceId = instanceId;
            this.memoryMb = memoryMb;
            this.architecture = architecture;
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
            return new BillingReport.Line(function, instanceId, memoryMb, architecture, requests, billedMillis, gbs,
                    gbs * architecture.usdPerGbSecond(), requestCost(requests));
        }
    }
}
