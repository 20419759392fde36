package io.mayfly.benchmarks.availability;

import io.mayfly.lambda.local.billing.BillingListener;
import io.mayfly.lambda.local.fault.FaultPlan;
import io.mayfly.lambda.local.fault.FaultSchedule;
import io.mayfly.lambda.local.fault.SimulatedClock;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link RunSpec}: starts the deployment, writes the values (before the clock starts),
 * then reads for the simulated hours while the fault schedule runs, and returns the ledger.
 */
final class AvailabilityRun {
    private static final Logger log = LoggerFactory.getLogger(AvailabilityRun.class);
    // Real-time settings: the node's own timings are not compressed (they are work, not schedule).
    private static final long DIAL_BACK_TIMEOUT_MS = 10_000;
    private static final long SHARD_TIMEOUT_MS = 5_000;
    private static final long IDLE_RETURN_MS = 2_000;
    private static final long MAX_SERVE_MS = 120_000;
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(5);

    private AvailabilityRun() {}

    /** The proxy's settings for a run; keep-alive intervals and the repair bound scaled to wall time. */
    static ProxySettings settings(RunSpec spec, SimulatedClock scale) {
        return ProxySettings.DEFAULTS
                .withPorts(0, 0)
                // k+r of 1 first: the pool may be smaller than the default coding needs.
                .withCoding(1, 0, 0)
                .withPool(spec.poolSize(), spec.functionMemoryMb())
                .withCoding(spec.dataShards(), spec.parityShards(), 0)
                .withTimeouts(
                        DIAL_BACK_TIMEOUT_MS, SHARD_TIMEOUT_MS, new BillingWindow(1, IDLE_RETURN_MS, MAX_SERVE_MS))
                .withKeepAlive(
                        wallMillis(scale, spec.warmupInterval()),
                        spec.mechanisms().backup() ? wallMillis(scale, spec.backupInterval()) : 0,
                        spec.mechanisms().repair(),
                        Math.max(1, (long) (spec.repairRateBytesPerSecond() * spec.compression())));
    }

    static RunResult run(RunSpec spec, long seed) throws InterruptedException {
        long started = System.nanoTime();
        SimulatedClock scale = new SimulatedClock(spec.compression());
        try (FaultedDeployment deployment =
                new FaultedDeployment(settings(spec, scale), scale.toWall(spec.idleReclaim()), OPERATION_TIMEOUT)) {
            ReadWorkload workload = new ReadWorkload(deployment.space(), spec.workload());
            int written = workload.writeAll();
            // The clock starts after the writes: hour 0 begins with every value written.
            SimulatedClock clock = new SimulatedClock(spec.compression());
            HourlyLedger ledger = new HourlyLedger(clock, spec.hours());
            BillingListener billing = ledger::billed;
            deployment.lambda().billing().addListener(billing);
            FaultPlan.Spec.Builder plan = FaultPlan.builder(seed, spec.length(), deployment.functionNames())
                    .instanceSlots(2)
                    .reclaimsPerInstanceHour(spec.reclaimsPerInstanceHour())
                    .midInvocationKillsPerHour(spec.midInvocationKillsPerHour())
                    .stragglers(spec.stragglersPerHour(), spec.stragglerHold())
                    .connectionDropsPerHour(spec.connectionDropsPerHour());
            spec.proxyRestarts().forEach(plan::proxyRestartAt);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "availability-counters");
                t.setDaemon(true);
                return t;
            });
            Runnable sample = () -> ledger.now().keepAlive = deployment.keepAlive();
            KeepAliveTotals before = deployment.keepAlive();
            try (workload;
                    FaultSchedule faults = FaultSchedule.start(
                            deployment.lambda().control(), plan.plan(), clock, deployment, ledger::fault)) {
                sampler.scheduleAtFixedRate(sample, 0, 100, TimeUnit.MILLISECONDS);
                workload.readUntil(clock, ledger, spec.length());
                faults.done()
                        .orTimeout(30, TimeUnit.SECONDS)
                        .exceptionally(e -> null)
                        .join();
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
                sample.run();
                // Closing makes the serving nodes return: their invocations, which ran in the run,
                // are billed now and count in its last hour instead of going unheard.
                deployment.close();
                deployment.lambda().billing().removeListener(billing);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            RunResult result = new RunResult(spec, written, rows(ledger, before), deployment.restarts(), wall);
            log.info(
                    "{} at {} reclaims/instance-hour: availability {} over {} reads, {} wrong, {} s wall",
                    spec.mechanisms().option(),
                    spec.reclaimsPerInstanceHour(),
                    result.availability(),
                    result.reads(),
                    result.wrong(),
                    Math.round(wall));
            return result;
        }
    }

    private static long wallMillis(SimulatedClock clock, Duration simulated) {
        return Math.max(1, clock.toWall(simulated).toMillis());
    }

    private static List<RunResult.HourRow> rows(HourlyLedger ledger, KeepAliveTotals before) {
        List<RunResult.HourRow> rows = new ArrayList<>();
        KeepAliveTotals previous = before;
        for (HourlyLedger.Hour h : ledger.hours()) {
            KeepAliveTotals seen = h.keepAlive == null ? previous : h.keepAlive;
            KeepAliveTotals inHour = seen.minus(previous);
            previous = seen;
            Map<String, Long> invocations = new TreeMap<>();
            h.invocations.forEach((k, v) -> invocations.put(k, v.sum()));
            Map<String, Double> gbs = new TreeMap<>();
            h.gbSeconds.forEach((k, v) -> gbs.put(k, v.sum()));
            rows.add(new RunResult.HourRow(
                    h.index,
                    h.reads.sum(),
                    h.correct.sum(),
                    h.misses.sum(),
                    h.errors.sum(),
                    h.wrong.sum(),
                    h.lost.sum(),
                    h.rewrites.sum(),
                    h.faultCounts(),
                    invocations,
                    gbs,
                    inHour));
        }
        return rows;
    }
}
