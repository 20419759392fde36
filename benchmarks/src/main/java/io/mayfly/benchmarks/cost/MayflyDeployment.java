package io.mayfly.benchmarks.cost;

/**
 * The Mayfly deployment whose Lambda bill the cost model computes. The defaults are the
 * InfiniCache paper's (FAST '20) production setup, so the model reproduces its figures.
 *
 * @param poolFunctions         functions kept warm (paper: 400)
 * @param functionMemoryMb      memory per function (paper: 1.5 GB, i.e. 1536 MB)
 * @param dataShards            k (InfiniCache's paper: 10)
 * @param parityShards          r (InfiniCache's paper: 2); a request invokes k+r functions
 * @param requestBilledMs       billed time per function per request (paper era: one 100 ms billing cycle)
 * @param warmupIntervalMinutes each function is invoked this often to stay warm (InfiniCache: 1 min)
 * @param warmupBilledMs        billed time per warm-up (one 100 ms billing cycle)
 * @param backupIntervalMinutes each function backs up to a peer this often (InfiniCache: 5 min)
 * @param backupBilledMs        billed time per backup, calibrated from the paper: $16.51 with backup
 *                              minus $5.41 without, over 50 h of 400 functions every 5 min, is
 *                              $4.625e-5 per backup, 1,842 ms of 1.5 GB
 * @param functionThresholdBytes values smaller than this stay in the proxy's memory tier and
 *                              invoke no function (kept whole in the proxy's memory; 0 = all to functions)
 */
public record MayflyDeployment(
        int poolFunctions,
        int functionMemoryMb,
        int dataShards,
        int parityShards,
        double requestBilledMs,
        double warmupIntervalMinutes,
        double warmupBilledMs,
        double backupIntervalMinutes,
        double backupBilledMs,
        long functionThresholdBytes) {

    public static MayflyDeployment paper() {
        return new MayflyDeployment(400, 1536, 10, 2, 100, 1, 100, 5, 1842, 0);
    }

    public MayflyDeployment {
        if (poolFunctions < 1 || functionMemoryMb < 128 || functionMemoryMb > 10_240) {
            throw new IllegalArgumentException("pool of " + poolFunctions + " functions of " + functionMemoryMb
                    + " MB: need at least 1 function and 128-10240 MB each (Lambda's limits)");
        }
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > poolFunctions) {
            throw new IllegalArgumentException("RS(" + dataShards + "+" + parityShards + ") needs k >= 1, r >= 0 and"
                    + " k+r <= pool-functions (" + poolFunctions + ")");
        }
        if (requestBilledMs < 0
                || warmupIntervalMinutes <= 0
                || warmupBilledMs < 0
                || backupIntervalMinutes <= 0
                || backupBilledMs < 0
                || functionThresholdBytes < 0) {
            throw new IllegalArgumentException(
                    "billed times and thresholds must not be negative, intervals must be" + " positive: " + this);
        }
    }

    public int invocationsPerRequest() {
        return dataShards + parityShards;
    }

    public long poolBytes() {
        return (long) poolFunctions * functionMemoryMb << 20;
    }
}
