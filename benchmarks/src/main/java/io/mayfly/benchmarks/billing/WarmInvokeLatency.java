package io.mayfly.benchmarks.billing;

import io.mayfly.benchmarks.targets.JCacheTarget;
import io.mayfly.proxy.node.NodeState;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * What returning costs a get: the latency of a get whose functions have all returned (each is
 * invoked again, warm) against one whose functions still serve, on lambda-local in both instance
 * modes, one get at a time through {@code javax.cache}. The difference is the warm re-invocation
 * latency the return policy adds.
 *
 * <pre>
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar io.mayfly.benchmarks.billing.WarmInvokeLatency [gets] [value-bytes]
 * </pre>
 */
public final class WarmInvokeLatency {
    private static final String MAYFLY = "io.mayfly.jcache.MayflyCachingProvider";

    /** Short enough to wait out before each get, long enough for the put's 12 links to come up. */
    private static final long RETURNING_MS = 300;

    private WarmInvokeLatency() {}

    public static void main(String[] args) {
        int gets = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 2 << 20;
        for (String runtime : new String[] {"local-in-process", "local-process"}) {
            double serving = median(runtime, gets, bytes, 60_000);
            double reinvoked = median(runtime, gets, bytes, RETURNING_MS);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d KiB get p50 %.2f ms with its 12 functions serving, %.2f ms after they returned;"
                            + " warm re-invocation adds %.2f ms%n",
                    runtime,
                    bytes >> 10,
                    serving,
                    reinvoked,
                    reinvoked - serving);
        }
    }

    /** Median get latency in ms with this idle return; below a minute, each get waits until every node returned. */
    private static double median(String runtime, int gets, int bytes, long idleReturnMs) {
        Properties p = new Properties();
        p.setProperty("mayfly.embedded.runtime", runtime);
        p.setProperty("mayfly.embedded.idle-return-ms", Long.toString(idleReturnMs));
        // Each get must find its nodes returned (or serving): no burst rule in between.
        p.setProperty("mayfly.embedded.burst-linger-ms", "0");
        p.setProperty("mayfly.embedded.function-memory-mb", "256");
        p.setProperty("mayfly.operation-timeout-ms", "60000");
        try (JCacheTarget target = JCacheTarget.embeddedMayfly("jcache", MAYFLY, null, p, "warm-invoke")) {
            byte[] value = new byte[bytes];
            Arrays.fill(value, (byte) 7);
            target.put("v", value);
            double[] ms = new double[gets];
            for (int i = -3; i < gets; i++) {
                if (idleReturnMs == RETURNING_MS) {
                    awaitAllReturned(target);
                }
                long t0 = System.nanoTime();
                byte[] got = target.get("v");
                long t1 = System.nanoTime();
                if (got == null || got.length != bytes) {
                    throw new IllegalStateException("get returned " + (got == null ? "null" : got.length + " bytes"));
                }
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            return ms[gets / 2];
        }
    }

    /** The benchmark's own schedule: wait until no node serves and no invocation runs. */
    private static void awaitAllReturned(JCacheTarget target) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean idle = target.embeddedBillingMeter()
                            .map(m -> m.runningInvocations().isEmpty())
                            .orElse(true)
                    && target.embeddedNodeStates().stream().noneMatch(s -> s == NodeState.SERVING);
            if (idle) {
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
        throw new IllegalStateException("nodes still serving after 30 s with idle return " + RETURNING_MS + " ms");
    }
}
