package io.mayfly.lambda.local.billing;

import io.mayfly.lambda.local.Architecture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda's bill for a run: per function and per instance, requests and billed duration, each
 * invocation's duration rounded UP to the billing granularity (1 ms today on AWS; 100 ms to
 * compare with the InfiniCache paper's era), times memory.
 */
public final class BillingMeter {
    /** How many recent invocations {@link #recentInvocations()} keeps. */
    public static final int LEDGER_CAPACITY = 10_000;
    private static final double USD_PER_REQUEST = 0.20 / 1_000_000;

    private final long granularityNanos;
    private final Map<String, Account> functions = new LinkedHashMap<>();
    private final Map<String, Account> instances = new LinkedHashMap<>();
    private final ArrayDeque<BilledInvocation> ledger = new ArrayDeque<>();

    public BillingMeter(Duration granularity) {
        if (granularity.isNegative() || granularity.isZero() || granularity.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("billing granularity " + granularity
                    + " must be a positive whole number of milliseconds (1 ms on AWS today)");
        }
        this.granularityNanos = granularity.toNanos();
    }

    public Duration granularity() {
        return Duration.ofNanos(granularityNanos);
    }

    /** Billed milliseconds for a duration: rounded up to the granularity. */
    public long billedMillis(long durationNanos) {
        long units = Math.max(1, (durationNanos + granularityNanos - 1) / granularityNanos);
        return units * (granularityNanos / 1_000_000);
    }

    /** Records one invocation that ran on an instance (whatever its outcome). */
    public synchronized BilledInvocation record(String function, int memoryMb, Architecture architecture,
                                                String instanceId, String requestId, long durationNanos) {
        long billed = billedMillis(durationNanos);
        BilledInvocation entry = new BilledInvocation(function, instanceId, requestId, memoryMb, durationNanos, billed);
        functions.computeIfAbsent(function, f -> new Account(function, null, memoryMb, architecture)).add(billed);
        instances.computeIfAbsent(instanceId, i -> new Account(function, instanceId, memoryMb, architecture)).add(billed);
        if (ledger.size() == LEDGER_CAPACITY) {
            ledger.removeFirst();
        }
        ledger.addLast(entry);
        return entry;
    }

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
    public record BilledInvocation(String function, String instanceId, String requestId, int memoryMb,
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

        BillingReport.Line line() {
            double gbs = gbSeconds(billedMillis, memoryMb);
            return new BillingReport.Line(function, instanceId, memoryMb, architecture, requests, billedMillis, gbs,
                    gbs * architecture.usdPerGbSecond(), requestCost(requests));
        }
    }
}
