package io.mayfly.proxy.metrics;

import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.node.NodeState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's meters, kept in a registry the proxy owns: exporters (Prometheus, the application's
 * registry in embedded mode, JMX) add their registry to it and see every meter, including those
 * made before they joined. Counting is lock-free and never blocks an event loop.
 */
public final class ProxyMetrics {

    /** us-east-1 x86 price per GB-second and per request (Lambda's published prices). */
    static final double USD_PER_GB_SECOND = 0.0000166667;

    static final double USD_PER_REQUEST = 0.20 / 1_000_000;

    /** What the meters read from the proxy; the proxy implements it. */
    public interface PoolView {
        int poolSize();

        String nodeName(int node);

        NodeState nodeState(int node);

        long nodeUsedBytes(int node);

        long nodeCapacityBytes();

        long smallTierUsedBytes();

        long smallTierCapacityBytes();

        long indexedValues();

        /** Small values whose whole copies on functions are still being written. */
        long smallValuesWritingThrough();

        /** The instance the function last served from, or null. */
        @Nullable
        String nodeInstanceId(int node);

        /** Times the function came back on another instance than before (the first start counts). */
        long nodeInstanceChanges(int node);

        KeepAliveCounters keepAlive();
    }

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final int functionMemoryMb;
    private final long billingWindowMs;
    private final ConcurrentHashMap<String, Counter> invocations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> invocationDurations = new ConcurrentHashMap<>();
    private final DoubleAdder billedGbSeconds = new DoubleAdder();
    private final LongAdder billedRequests = new LongAdder();
    private final Counter getsWhole;
    private final Counter getsDegraded;
    private final Counter getsSmallTier;
    private final Counter getsMissed;
    private final Counter getsFailed;
    private final Counter stragglersCut;
    private final Counter evictions;
    private final Counter puts;
    private final Timer getLatency;
    private final ConcurrentHashMap<String, AtomicLong> lastInvocationMillis = new ConcurrentHashMap<>();

    public ProxyMetrics(PoolView pool, int functionMemoryMb, long billingWindowMs) {
        this.functionMemoryMb = functionMemoryMb;
        this.billingWindowMs = billingWindowMs;
        // The first member answers reads (counts, percentiles) for the dashboard, JMX and health:
        // a composite with no member would drop every update.
        registry.add(new SimpleMeterRegistry());
        for (NodeState state : NodeState.values()) {
            Gauge.builder("mayfly.proxy.nodes", pool, p -> count(p, state))
                    .tag("state", lower(state.name()))
                    .description("Functions of the pool in this state")
                    .register(registry);
        }
        for (int i = 0; i < pool.poolSize(); i++) {
            int node = i;
            Gauge.builder("mayfly.proxy.node.stored", pool, p -> p.nodeUsedBytes(node))
                    .tag("function", pool.nodeName(node))
                    .baseUnit("bytes")
                    .description("Shard bytes the index places on the function")
                    .register(registry);
        }
        Gauge.builder("mayfly.proxy.node.capacity", pool, PoolView::nodeCapacityBytes)
                .baseUnit("bytes")
                .description("Shard bytes each function may hold")
                .register(registry);
        Gauge.builder("mayfly.proxy.small.tier.stored", pool, PoolView::smallTierUsedBytes)
                .baseUnit("bytes")
                .description("Bytes held whole in the proxy's small-value tier")
                .register(registry);
        Gauge.builder("mayfly.proxy.small.tier.capacity", pool, PoolView::smallTierCapacityBytes)
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("mayfly.proxy.small.copies.pending", pool, PoolView::smallValuesWritingThrough)
                .description("Small values not yet written through to functions: a proxy crash now would lose them")
                .register(registry);
        Gauge.builder("mayfly.proxy.values", pool, PoolView::indexedValues)
                .description("Values in the proxy's index")
                .register(registry);
        keepAlive(pool, "mayfly.proxy.warmups", "Warm-up invocations that returned", c -> c.warmups.get());
        keepAlive(pool, "mayfly.proxy.backups", "Backups completed onto a second instance", c -> c.backups.get());
        keepAlive(
                pool,
                "mayfly.proxy.repairs",
                "Values all of whose lost shards were rebuilt",
                c -> c.valuesRepaired.get());
        keepAlive(pool, "mayfly.proxy.repair.shards", "Shards rebuilt and written back", c -> c.shardsRepaired.get());
        keepAlive(pool, "mayfly.proxy.repair.bytes", "Shard bytes repair moved", c -> c.bytesRepaired.get());
        keepAlive(
                pool,
                "mayfly.proxy.values.lost",
                "Values beyond rescue (fewer than k shards left)",
                c -> c.valuesLost.get());
        keepAlive(
                pool,
                "mayfly.proxy.get.retries",
                "Shard re-requests after a node stopped serving",
                c -> c.getRetries.get());
        FunctionCounter.builder("mayfly.proxy.cold.starts", pool, p -> {
                    long n = 0;
                    for (int i = 0; i < p.poolSize(); i++) {
                        n += p.nodeInstanceChanges(i);
                    }
                    return n;
                })
                .description("A function came back on another instance: a cold start, or a fail-over to its backup")
                .register(registry);
        getsWhole = gets("whole");
        getsDegraded = gets("degraded");
        getsSmallTier = gets("small_tier");
        getsMissed = gets("miss");
        getsFailed = gets("failed");
        Gauge.builder("mayfly.proxy.small.tier.hit.ratio", this, m -> m.smallTierHitRatio())
                .description("Share of gets of small values answered from the proxy's memory")
                .register(registry);
        stragglersCut = Counter.builder("mayfly.proxy.firstd.stragglers")
                .description("Shards a get no longer needed once the first k had arrived (first-d)")
                .register(registry);
        evictions = Counter.builder("mayfly.proxy.evictions")
                .description("Values evicted to make room")
                .register(registry);
        puts = Counter.builder("mayfly.proxy.puts")
                .description("Values committed")
                .register(registry);
        getLatency = Timer.builder("mayfly.proxy.get.latency")
                .description("From a get's arrival at the proxy to its last shard forwarded")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        FunctionCounter.builder("mayfly.proxy.billed.gb.seconds", billedGbSeconds, DoubleAdder::sum)
                .description("GB-seconds Lambda bills for the proxy's invocations, by its own account")
                .register(registry);
        FunctionCounter.builder("mayfly.proxy.billed.dollars", this, ProxyMetrics::billedDollars)
                .description("Dollars so far at us-east-1 x86 prices: duration plus request fees")
                .register(registry);
    }

    private void keepAlive(PoolView pool, String name, String description, ToDoubleFunction<KeepAliveCounters> f) {
        FunctionCounter.builder(name, pool, p -> f.applyAsDouble(p.keepAlive()))
                .description(description)
                .register(registry);
    }

    private Counter gets(String served) {
        return Counter.builder("mayfly.proxy.gets")
                .tag("served", served)
                .description("Gets by how they were served")
                .register(registry);
    }

    private static double count(PoolView pool, NodeState state) {
        int n = 0;
        for (int i = 0; i < pool.poolSize(); i++) {
            if (pool.nodeState(i) == state) {
                n++;
            }
        }
        return n;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The registry exporters join (add theirs to it); the proxy owns it. */
    public CompositeMeterRegistry registry() {
        return registry;
    }

    /** Adds an exporter's registry: every meter appears there, including those made earlier. */
    public void exportTo(MeterRegistry exporter) {
        registry.add(exporter);
    }

    public void removeExporter(MeterRegistry exporter) {
        registry.remove(exporter);
    }

    private final AtomicLong consecutiveFailedInvocations = new AtomicLong();
    private volatile String lastInvocationFailure = "";

    /** Invocations that failed in a row since the last one that returned; for the health check. */
    public long consecutiveFailedInvocations() {
        return consecutiveFailedInvocations.get();
    }

    public String lastInvocationFailure() {
        return lastInvocationFailure;
    }

    void invocationFailed(String functionName, Throwable cause) {
        lastInvocationFailure = functionName + ": " + cause;
    }

    void invocationEnded(String command, String outcome, long elapsedNanos) {
        if (outcome.equals("ok") || outcome.equals("function_error")) {
            consecutiveFailedInvocations.set(0);
        } else {
            consecutiveFailedInvocations.incrementAndGet();
        }
        invocations
                .computeIfAbsent(
                        command + '/' + outcome,
                        k -> Counter.builder("mayfly.proxy.invocations")
                                .tag("command", command)
                                .tag("outcome", outcome)
                                .description("Invocations by command and outcome")
                                .register(registry))
                .increment();
        invocationDurations
                .computeIfAbsent(
                        command,
                        c -> Timer.builder("mayfly.proxy.invocation.duration")
                                .tag("command", c)
                                .description("Wall time of an invocation, from Invoke to its return")
                                .register(registry))
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
        // Lambda bills the duration rounded up to its window, and every request.
        long ms = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        long billedMs = Math.max(billingWindowMs, ((ms + billingWindowMs - 1) / billingWindowMs) * billingWindowMs);
        billedGbSeconds.add(billedMs / 1000.0 * functionMemoryMb / 1024.0);
        billedRequests.increment();
    }

    private final ConcurrentHashMap<String, Counter> invocationsStarted = new ConcurrentHashMap<>();

    void invoked(String functionName, String command, long wallMillis) {
        invocationsStarted
                .computeIfAbsent(
                        command,
                        c -> Counter.builder("mayfly.proxy.invocations.started")
                                .tag("command", c)
                                .description("Invocations started, by command (serve, warmup, backup)")
                                .register(registry))
                .increment();
        lastInvocationMillis
                .computeIfAbsent(functionName, n -> new AtomicLong())
                .set(wallMillis);
    }

    public void getServed(boolean degraded, long elapsedNanos) {
        (degraded ? getsDegraded : getsWhole).increment();
        getLatency.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    public void getFromSmallTier() {
        getsSmallTier.increment();
    }

    public void getMissed() {
        getsMissed.increment();
    }

    public void getFailed() {
        getsFailed.increment();
    }

    public void stragglersCut(int shards) {
        if (shards > 0) {
            stragglersCut.increment(shards);
        }
    }

    public void evicted() {
        evictions.increment();
    }

    public void committed() {
        puts.increment();
    }

    public double billedGbSeconds() {
        return billedGbSeconds.sum();
    }

    public double billedDollars() {
        return billedGbSeconds.sum() * USD_PER_GB_SECOND + billedRequests.sum() * USD_PER_REQUEST;
    }

    /** When the function was last invoked (wall clock ms), or 0. */
    public long lastInvocationMillis(String functionName) {
        AtomicLong last = lastInvocationMillis.get(functionName);
        return last == null ? 0 : last.get();
    }

    double smallTierHitRatio() {
        double hits = getsSmallTier.count();
        double all = hits + getsMissed.count();
        return all == 0 ? 0 : hits / all;
    }

    /** Count, mean and p50/p99 of gets over the last minute, for the dashboard. */
    public Timer getLatency() {
        return getLatency;
    }

    public double puts() {
        return puts.count();
    }

    public double gets() {
        return getsWhole.count() + getsDegraded.count() + getsSmallTier.count();
    }

    public double degradedGets() {
        return getsDegraded.count();
    }
}
