package io.mayfly.benchmarks.availability;

import java.time.Duration;
import java.util.List;

/**
 * One measured run: a configuration of the proxy's mechanisms under one reclaim rate. Durations
 * and rates are simulated unless named wall.
 *
 * @param reclaimsPerInstanceHour   Poisson rate per live instance per simulated hour
 * @param hours                     simulated hours to read for
 * @param compression               simulated seconds per wall second
 * @param repairRateBytesPerSecond  the proxy's repair bound, in simulated time
 * @param idleReclaim               lambda-local reclaims an instance idle this long
 */
record RunSpec(
        Mechanisms mechanisms,
        double reclaimsPerInstanceHour,
        int hours,
        double compression,
        int poolSize,
        int dataShards,
        int parityShards,
        int functionMemoryMb,
        ReadWorkload.Shape workload,
        double midInvocationKillsPerHour,
        double stragglersPerHour,
        Duration stragglerHold,
        double connectionDropsPerHour,
        List<Duration> proxyRestarts,
        Duration warmupInterval,
        Duration backupInterval,
        long repairRateBytesPerSecond,
        Duration idleReclaim) {

    RunSpec {
        if (hours < 1) {
            throw new IllegalArgumentException("hours " + hours + " must be at least 1");
        }
        proxyRestarts = List.copyOf(proxyRestarts);
    }

    Duration length() {
        return Duration.ofHours(hours);
    }

    RunSpec with(Mechanisms m, double reclaimRate) {
        return new RunSpec(
                m,
                reclaimRate,
                hours,
                compression,
                poolSize,
                dataShards,
                parityShards,
                functionMemoryMb,
                workload,
                midInvocationKillsPerHour,
                stragglersPerHour,
                stragglerHold,
                connectionDropsPerHour,
                proxyRestarts,
                warmupInterval,
                backupInterval,
                repairRateBytesPerSecond,
                idleReclaim);
    }
}
