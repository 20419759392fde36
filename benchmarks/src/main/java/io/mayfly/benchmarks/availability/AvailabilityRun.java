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

    private AvailabilityRun() {
    }

    static ProxySettings baseSettings(RunSpec spec) {
        ProxySettings timed = ProxySettings.DEFAULTS.withPorts(0, 0).withTimeouts(DIAL_BACK_TIMEOUT_MS,
                SHARD_TIMEOUT_MS, new BillingWindow(1, IDLE_RETURN_MS, MAX_SERVE_MS));
        // Pool and coding together: each wither alone may see k+r above the pool size.
        Map<String, Object> shape = new java.util.LinkedHashMap<>();
        shape.put("poolSize", spec.poolSize());
        shape.put("functionMemoryMb", spec.functionMemoryMb());
        shape.put("nodeOverheadMb", ProxySettings.defaultOverheadMb(spec.functionMemoryMb()));
        shape.put("dataShards", spec.dataShards());
        shape.put("parityShards", spec.parityShards());
        shape.put("smallValueThresholdBytes", 0L);
        return KeepAliveSettings.with(timed, shape).settings();
    }

    static RunResult run(RunSpec spec, long seed) throws InterruptedException {
        long started = System.nanoTime();
        SimulatedClock scale = new SimulatedClock(spec.compression());
        KeepAliveSettings.Applied applied = KeepAliveSettings.apply(baseSettings(spec), spec.mechanisms(),
                wallMillis(scale, spec.warmupInterval()), wallMillis(scale, spec.backupInterval()),
                (long) (spec.repairRateBytesPerSecond() * spec.compression()));
        List<String> lacking = KeepAliveSettings.lacking(applied.missing(), spec.mechanisms());
        if (!lacking.isEmpty()) {
            log.warn("this proxy has no {}: the '{}' run measures without it", lacking, spec.mechanisms().option());
        }
        try (FaultedDeployment deployment = new FaultedDeployment(applied.settings(), scale.toWall(spec.idleReclaim()),
                OPERATION_TIMEOUT)) {
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
            try (workload; FaultSchedule faults = FaultSchedule.start(deployment.lambda().control(), plan.plan(),
                    clock, deployment, ledger::fault)) {
                workload.readUntil(clock, ledger, spec.length());
                faults.done().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            } finally {
                deployment.lambda().billing().removeListener(billing);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            RunResult result = new RunResult(spec, lacking, written, rows(ledger), deployment.restarts(), wall);
            log.info("{} at {} reclaims/instance-hour: availability {} over {} reads, {} wrong, {} s wall",
                    spec.mechanisms().option(), spec.reclaimsPerInstanceHour(), result.availability(), result.reads(),
                    result.wrong(), Math.round(wall));
            return result;
        }
    }

    private static long wallMillis(SimulatedClock clock, Duration simulated) {
        return Math.max(1, clock.toWall(simulated).toMillis());
    }

    private static List<RunResult.HourRow> rows(HourlyLedger ledger) {
        List<RunResult.HourRow> rows = new ArrayList<>();
        for (HourlyLedger.Hour h : ledger.hours()) {
            Map<String, Long> invocations = new TreeMap<>();
            h.invocations.forEach((k, v) -> invocations.put(k, v.sum()));
            Map<String, Double> gbs = new TreeMap<>();
            h.gbSeconds.forEach((k, v) -> gbs.put(k, v.sum()));
            rows.add(new RunResult.HourRow(h.index, h.reads.sum(), h.correct.sum(), h.misses.sum(), h.errors.sum(),
                    h.wrong.sum(), h.lost.sum(), h.rewrites.sum(), h.faultCounts(), invocations, gbs,
                    h.bytesRepaired));
        }
        return rows;
    }
}
