package io.mayfly.erasure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Encodes a file, drops r shards (chosen at random, data shards first in line), rebuilds the value
 * and checks it byte for byte. Usage: {@code CodecDemo <file> [k] [r] [seed]}.
 */
public final class CodecDemo {

    /** Enough runs for the scalar loops to be compiled; the vector loops are warmed by the AUTO path's own warm-up. */
    private static final long WARM_NANOS = 2_000_000_000L;

    private static final int MIN_WARM_RUNS = 10;
    private static final int MAX_WARM_RUNS = 5_000;

    private CodecDemo() {}

    /** Best encode and best reconstruct-and-join times over repeated runs of the same erasure pattern. */
    private static long[] warmTimes(ReedSolomon codec, byte[] value, boolean[] present, ShardLayout layout) {
        long bestEncode = Long.MAX_VALUE;
        long bestDecode = Long.MAX_VALUE;
        long runs = 0;
        long deadline = System.nanoTime() + WARM_NANOS;
        while (runs < MIN_WARM_RUNS || (runs < MAX_WARM_RUNS && System.nanoTime() < deadline)) {
            runs++;
            long start = System.nanoTime();
            byte[][] shards = codec.encode(value);
            bestEncode = Math.min(bestEncode, System.nanoTime() - start);
            start = System.nanoTime();
            codec.reconstruct(shards, present, 0, layout.shardLength());
            layout.join(shards);
            bestDecode = Math.min(bestDecode, System.nanoTime() - start);
        }
        return new long[] {bestEncode, bestDecode, runs};
    }

    private static void printWarm(ReedSolomon codec, CodingPath firstPath, long[] warm) {
        CodingPath lastPath = codec.activePath();
        String kernel = lastPath == firstPath
                ? lastPath.name().toLowerCase(java.util.Locale.ROOT) + " kernel"
                : "switched to the vector kernel during the runs";
        System.out.printf(
                "warm (best of %d runs, %s): encode %.3f ms, reconstruct + join %.3f ms;"
                        + " the JMH benchmarks give the real figures%n",
                warm[2], kernel, warm[0] / 1e6, warm[1] / 1e6);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: java --add-modules jdk.incubator.vector -cp erasure/target/classes "
                    + "io.mayfly.erasure.CodecDemo <file> [data-shards=10] [parity-shards=2] [seed]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int r = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();

        byte[] value = Files.readAllBytes(file);
        ReedSolomon codec = ReedSolomon.of(k, r);
        ShardLayout layout = ShardLayout.of(k, value.length);

        long encodeStart = System.nanoTime();
        byte[][] shards = codec.encode(value);
        long encodeNanos = System.nanoTime() - encodeStart;

        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < k + r; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        List<Integer> dropped = new ArrayList<>(indices.subList(0, r));
        Collections.sort(dropped);
        boolean[] present = new boolean[k + r];
        Arrays.fill(present, true);
        for (int index : dropped) {
            present[index] = false;
            shards[index] = null;
        }

        long decodeStart = System.nanoTime();
        codec.reconstruct(shards, present, 0, layout.shardLength());
        byte[] restored = layout.join(shards);
        long decodeNanos = System.nanoTime() - decodeStart;

        boolean equal = Arrays.equals(value, restored);
        System.out.printf("file %s: %,d bytes%n", file, value.length);
        System.out.printf(
                "codec %s: %d shards of %,d bytes (%,d bytes stored, %.2fx)%n",
                codec,
                k + r,
                layout.shardLength(),
                (long) (k + r) * layout.shardLength(),
                value.length == 0 ? 0.0 : (double) (k + r) * layout.shardLength() / value.length);
        System.out.printf(
                "dropped shards %s (0-%d are data, %d-%d parity), seed %d%n", dropped, k - 1, k, k + r - 1, seed);
        System.out.printf(
                "first run:  encode %.3f ms, reconstruct + join %.3f ms (includes JIT warm-up)%n",
                encodeNanos / 1e6, decodeNanos / 1e6);
        CodingPath firstPath = codec.activePath();
        long[] warm = warmTimes(codec, value, present, layout);
        printWarm(codec, firstPath, warm);
        if (codec.path() == CodingPath.AUTO && codec.activePath() == CodingPath.SCALAR) {
            // The demo would end before the warm-up: wait for it to show the vector kernel's figures too.
            AutoKernel.shared().warmup().awaitFinished(VectorWarmup.MAX_DURATION.plusSeconds(5));
            if (codec.activePath() == CodingPath.VECTOR) {
                printWarm(codec, CodingPath.VECTOR, warmTimes(codec, value, present, layout));
            }
        }
        System.out.println(equal ? "restored value is identical" : "MISMATCH: restored value differs");
        if (!equal) {
            System.exit(1);
        }
    }
}
