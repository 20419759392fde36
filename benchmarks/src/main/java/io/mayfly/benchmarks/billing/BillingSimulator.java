package io.mayfly.benchmarks.billing;

import io.mayfly.benchmarks.cost.LambdaPrices;
import io.mayfly.benchmarks.cost.MayflyDeployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Replays a {@link ServiceLog} on the trace's clock, or on that clock sped up by a rate
 * multiplier, and bills it as Lambda would under a {@link ReturnPolicy}:
 *
 * <ul>
 *   <li>a request reaching a function that is not serving invokes it; the invocation lasts while
 *       requests keep arriving within the linger of the last one's end (the burst linger while the
 *       invocation's last few requests came close together), then returns (at the next
 *       billing-window boundary), and is billed its duration plus the serve overhead, rounded up
 *       to the window;
 *   <li>a function idle for the warm-up interval is warmed, once per interval of each idle gap,
 *       each billed the deployment's warm-up ms; never-requested functions every interval;
 *   <li>with backup, every function backs up once per backup interval, billed its backup ms.
 * </ul>
 *
 * <p>A request's service time is wall time from the replay and is not scaled: speeding the clock
 * up brings requests closer together, not transfers faster. When the deployment's pool differs
 * from the replayed one, each key's functions are re-placed on the deployment's pool, the same
 * distinct functions for every request of the key (the proxy keeps a value's placement).
 */
public final class BillingSimulator {
    private final ServiceLog log;
    private final MayflyDeployment deployment;
    private final LambdaPrices prices;
    private final int[][] placed;

    public BillingSimulator(ServiceLog log, MayflyDeployment deployment, LambdaPrices prices) {
        this.log = log;
        this.deployment = deployment;
        this.prices = prices;
        this.placed = place(log, deployment.poolFunctions());
    }

    public ServiceLog log() {
        return log;
    }

    public MayflyDeployment deployment() {
        return deployment;
    }

    public LambdaPrices prices() {
        return prices;
    }

    /** Requests per hour at multiplier 1: the trace's own rate. */
    public double traceRequestsPerHour() {
        return log.requestsPerHour();
    }

    /** The bill at this request rate (the trace's clock scaled to reach it). */
    public SimulatedBill billAtRate(ReturnPolicy policy, double requestsPerHour, boolean backup) {
        return bill(policy, requestsPerHour / traceRequestsPerHour(), backup);
    }

    /**
     * @param rateMultiplier how many times faster than the trace requests arrive (1: its own clock)
     * @param backup         whether every function backs up each backup interval
     */
    public SimulatedBill bill(ReturnPolicy policy, double rateMultiplier, boolean backup) {
        if (!(rateMultiplier > 0) || Double.isInfinite(rateMultiplier)) {
            throw new IllegalArgumentException("rate multiplier " + rateMultiplier + " must be positive and finite");
        }
        int pool = deployment.poolFunctions();
        List<List<long[]>> byFunction = new ArrayList<>(pool);
        for (int f = 0; f < pool; f++) {
            byFunction.add(new ArrayList<>());
        }
        List<ServedRequest> requests = log.requests();
        long functionRequests = 0;
        double overheadNanos = policy.serveOverheadMs() * 1e6;
        for (int i = 0; i < requests.size(); i++) {
            if (placed[i].length > 0) {
                functionRequests++;
            }
            ServedRequest r = requests.get(i);
            for (int j = 0; j < placed[i].length; j++) {
                // A measured invocation already holds the handshake the overhead adds back.
                long own = r.busyNanos()[j];
                long busy = own >= 0 ? Math.max(0, own - (long) overheadNanos) : r.serviceNanos();
                byFunction.get(placed[i][j]).add(new long[] {i, busy});
            }
        }
        double horizonNanos = log.traceMicros() * 1000.0 / rateMultiplier;
        double windowNanos = policy.billingWindowMs() * 1e6;
        double lingerNanos = policy.idleLingerMs() * 1e6;
        // As the node: a burst never shortens the linger.
        double burstLingerNanos = Math.max(policy.burstLingerMs(), policy.idleLingerMs()) * 1e6;
        double[] recentStarts = new double[Math.max(policy.burstRequests(), 1)];
        double maxServeNanos = policy.maxServeMs() * 1e6;
        double warmupIntervalNanos = deployment.warmupIntervalMinutes() * 60e9;
        double memoryGb = deployment.functionMemoryMb() / 1024.0;
        double warmupBilledSeconds = roundUp(deployment.warmupBilledMs() * 1e6, windowNanos) / 1e9;
        double backupBilledSeconds = roundUp(deployment.backupBilledMs() * 1e6, windowNanos) / 1e9;

        boolean[] invoked = new boolean[requests.size()];
        long[] invocations = new long[pool];
        double[] gbSeconds = new double[pool];
        double warmups = 0;
        for (int f = 0; f < pool; f++) {
            List<long[]> served = byFunction.get(f);
            if (served.isEmpty()) {
                warmups += horizonNanos / warmupIntervalNanos;
                continue;
            }
            double start = Double.NaN;
            double busyEnd = Double.NaN;
            double returnAt = Double.NaN;
            double firstStart = Double.NaN;
            double billedNanos = 0;
            int startsSeen = 0;
            for (long[] entry : served) {
                int i = (int) entry[0];
                double s = requests.get(i).traceMicros() * 1000.0 / rateMultiplier;
                double end = s + entry[1];
                recentStarts[startsSeen++ % recentStarts.length] = s;
                double linger = policy.adaptive()
                                && startsSeen >= recentStarts.length
                                && s - recentStarts[startsSeen % recentStarts.length] <= burstLingerNanos
                        ? burstLingerNanos
                        : lingerNanos;
                if (!Double.isNaN(start) && s <= returnAt) {
                    busyEnd = Math.max(busyEnd, end);
                    returnAt = returnTime(start, busyEnd, linger, windowNanos, maxServeNanos);
                    continue;
                }
                if (!Double.isNaN(start)) {
                    billedNanos += roundUp(returnAt - start + overheadNanos, windowNanos);
                    invocations[f]++;
                    warmups += Math.floor((s - returnAt) / warmupIntervalNanos);
                } else {
                    firstStart = s;
                }
                invoked[i] = true;
                start = s;
                busyEnd = end;
                returnAt = returnTime(start, busyEnd, linger, windowNanos, maxServeNanos);
            }
            // Steady state: the trace repeats, so an invocation still serving when the next period's
            // first request arrives is that invocation, not a new one (short spans at high rates).
            double nextFirst = firstStart + horizonNanos;
            if (returnAt >= nextFirst && invocations[f] > 0) {
                billedNanos += nextFirst - start;
            } else if (returnAt >= nextFirst) {
                billedNanos += roundUp(horizonNanos, windowNanos);
                invocations[f]++;
            } else {
                billedNanos += roundUp(returnAt - start + overheadNanos, windowNanos);
                invocations[f]++;
                // The stretch after the last return and before the next period's first invocation.
                warmups += Math.floor((nextFirst - returnAt) / warmupIntervalNanos);
            }
            gbSeconds[f] = billedNanos / 1e9 * memoryGb;
        }
        long serveInvocations = 0;
        double serveGbSeconds = 0;
        for (int f = 0; f < pool; f++) {
            serveInvocations += invocations[f];
            serveGbSeconds += gbSeconds[f];
        }
        long invokedRequests = 0;
        for (boolean b : invoked) {
            if (b) {
                invokedRequests++;
            }
        }
        double backups = backup ? pool * horizonNanos / (deployment.backupIntervalMinutes() * 60e9) : 0;
        double warmupGbSeconds = warmups * warmupBilledSeconds * memoryGb;
        double backupGbSeconds = backups * backupBilledSeconds * memoryGb;
        double usd = (serveGbSeconds + warmupGbSeconds + backupGbSeconds) * prices.usdPerGbSecond()
                + (serveInvocations + warmups + backups) * prices.usdPerRequest();
        return new SimulatedBill(
                horizonNanos / 3.6e12,
                requests.size(),
                functionRequests,
                invokedRequests,
                serveInvocations,
                serveGbSeconds,
                warmups,
                warmupGbSeconds,
                backups,
                backupGbSeconds,
                usd,
                invocations,
                gbSeconds);
    }

    /**
     * When an invocation that started at {@code start} returns if its last request ends at
     * {@code busyEnd}: after the linger, at the next window boundary, at the latest at the hard stop.
     */
    private static double returnTime(double start, double busyEnd, double linger, double window, double maxServe) {
        return Math.min(start + roundUp(busyEnd + linger - start, window), start + maxServe);
    }

    /** Rounded up to whole windows, at least one (Lambda bills at least one unit). */
    private static double roundUp(double nanos, double window) {
        return Math.max(1, Math.ceil(nanos / window - 1e-9)) * window;
    }

    /** Each request's functions on the simulated pool. */
    private static int[][] place(ServiceLog log, int pool) {
        List<ServedRequest> requests = log.requests();
        int[][] out = new int[requests.size()][];
        if (pool == log.poolSize()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = requests.get(i).functions();
            }
            return out;
        }
        Map<String, int[]> byKey = new HashMap<>();
        for (int i = 0; i < out.length; i++) {
            ServedRequest r = requests.get(i);
            int n = Math.min(r.functionCount(), pool);
            if (n == 0) {
                out[i] = new int[0];
                continue;
            }
            int[] known = byKey.get(r.key());
            if (known == null || known.length != n) {
                known = distinct(r.key(), n, pool);
                byKey.put(r.key(), known);
            }
            out[i] = known;
        }
        return out;
    }

    /** {@code n} distinct functions of {@code pool}, the same for the same key (a seeded partial shuffle). */
    private static int[] distinct(String key, int n, int pool) {
        SplittableRandom random = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L);
        int[] all = new int[pool];
        for (int i = 0; i < pool; i++) {
            all[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, n);
    }
}
