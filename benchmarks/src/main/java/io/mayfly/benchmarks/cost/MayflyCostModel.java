package io.mayfly.benchmarks.cost;

import io.mayfly.benchmarks.trace.TraceRecord;
import java.util.List;

/**
 * Mayfly's Lambda bill. Fixed part: every function is warmed every warm-up interval and, with
 * backup on, backs up every backup interval, whether or not requests arrive. Per-request part: a
 * request for a value at or above the function threshold invokes k+r functions (GET hit, PUT and
 * DELETE alike; a GET miss is answered from the proxy's metadata and invokes none, but under
 * read-through it is followed by a PUT, so every traced GET costs one round of k+r).
 */
public final class MayflyCostModel {
    private final MayflyDeployment deployment;
    private final LambdaPrices prices;

    public MayflyCostModel(MayflyDeployment deployment, LambdaPrices prices) {
        this.deployment = deployment;
        this.prices = prices;
    }

    public MayflyDeployment deployment() {
        return deployment;
    }

    public LambdaPrices prices() {
        return prices;
    }

    public double warmupUsdPerHour() {
        return deployment.poolFunctions()
                * (60 / deployment.warmupIntervalMinutes())
                * prices.invocationUsd(deployment.warmupBilledMs(), deployment.functionMemoryMb());
    }

    public double backupUsdPerHour() {
        return deployment.poolFunctions()
                * (60 / deployment.backupIntervalMinutes())
                * prices.invocationUsd(deployment.backupBilledMs(), deployment.functionMemoryMb());
    }

    /** What the deployment costs per hour with no requests at all. */
    public double fixedUsdPerHour(boolean backup) {
        return warmupUsdPerHour() + (backup ? backupUsdPerHour() : 0);
    }

    /** Lambda billing for one request for a value of this size. */
    public LambdaBilling requestBilling(long sizeBytes) {
        if (sizeBytes < deployment.functionThresholdBytes()) {
            return new LambdaBilling(0, 0, "modelled");
        }
        int n = deployment.invocationsPerRequest();
        return new LambdaBilling(
                n * deployment.requestBilledMs() / 1000.0 * deployment.functionMemoryMb() / 1024.0, n, "modelled");
    }

    /** The modelled billing of serving these requests (fixed warm-up and backup costs excluded). */
    public LambdaBilling servingBilling(List<TraceRecord> records) {
        double gbSeconds = 0;
        long requests = 0;
        for (TraceRecord r : records) {
            LambdaBilling b = requestBilling(r.sizeBytes());
            gbSeconds += b.gbSeconds();
            requests += b.requests();
        }
        return new LambdaBilling(gbSeconds, requests, "modelled");
    }

    public double usd(LambdaBilling billing) {
        return prices.usd(billing);
    }
}
