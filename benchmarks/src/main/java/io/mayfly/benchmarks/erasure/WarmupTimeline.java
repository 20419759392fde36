package io.mayfly.benchmarks.erasure;

import io.mayfly.erasure.CodingPath;
import io.mayfly.erasure.ReedSolomon;
import java.util.Random;

/**
 * What the first encodes of a fresh JVM cost: encodes one RS(10+2) value of 10 x 1 MiB shards
 * {@code count} times and prints the time of the 1st, 10th and 100th (and a few more) and the
 * first encode that ran on the vector kernel. Run it once per JVM and path, e.g.
 * {@code java --add-modules jdk.incubator.vector -Dmayfly.erasure.path=auto -cp
 * benchmarks/target/benchmarks.jar io.mayfly.benchmarks.erasure.WarmupTimeline}; JMH cannot
 * show this, since its forks are warm by design.
 */
public final class WarmupTimeline {

    private static final int[] REPORTED = {1, 2, 5, 10, 20, 50, 100, 200};

    private WarmupTimeline() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long jvmStart = ProcessHandle.current()
                .info()
                .startInstant()
                .map(i -> i.toEpochMilli())
                .orElse(0L);
        byte[] value = new byte[ShardSet.DATA_SHARDS * ShardSet.SHARD_BYTES];
        new Random(42).nextBytes(value);
        ReedSolomon codec = ReedSolomon.of(ShardSet.DATA_SHARDS, ShardSet.PARITY_SHARDS);
        long[] nanos = new long[count + 1];
        int firstVector = -1;
        long total = 0;
        for (int run = 1; run <= count; run++) {
            if (firstVector < 0 && codec.activePath() == CodingPath.VECTOR) {
                firstVector = run;
            }
            long start = System.nanoTime();
            codec.encode(value);
            nanos[run] = System.nanoTime() - start;
            total += nanos[run];
        }
        StringBuilder line = new StringBuilder(String.format("%s:", codec));
        for (int run : REPORTED) {
            if (run <= count) {
                line.append(String.format(" #%d %.1f ms", run, nanos[run] / 1e6));
            }
        }
        line.append(String.format(
                "; all %d: %.0f ms; first on vector: #%s; JVM up %d ms",
                count,
                total / 1e6,
                firstVector < 0 ? "none" : Integer.toString(firstVector),
                jvmStart == 0 ? -1 : System.currentTimeMillis() - jvmStart));
        System.out.println(line);
    }
}
