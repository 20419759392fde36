package io.mayfly.benchmarks.erasure;

import io.mayfly.erasure.CodingPath;
import io.mayfly.erasure.ReedSolomon;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A degraded read of RS(10+2), 1 MiB shards, with the first {@code missingData} data shards lost
 * and both parity shards present. {@code rebuild} is the matrix work alone (compare with encode);
 * {@code value} is the whole get: rebuild plus concatenation into one 10 MiB value.
 */
// JMH sets the @Param fields and runs @Setup before any benchmark method.
@SuppressWarnings("NullAway.Init")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DecodeBenchmark {

    @Param({"VECTOR", "SCALAR"})
    public CodingPath path;

    @Param({"0", "1", "2"})
    public int missingData;

    private ReedSolomon codec;
    private byte[][] shards;
    private boolean[] present;

    @Setup
    public void setUp() {
        codec = ReedSolomon.of(ShardSet.DATA_SHARDS, ShardSet.PARITY_SHARDS, path);
        shards = ShardSet.random(42);
        codec.encodeParity(shards, 0, ShardSet.SHARD_BYTES);
        present = new boolean[ShardSet.DATA_SHARDS + ShardSet.PARITY_SHARDS];
        Arrays.fill(present, true);
        for (int i = 0; i < missingData; i++) {
            present[i] = false;
        }
    }

    @Benchmark
    public byte[][] rebuild() {
        codec.reconstructData(shards, present, 0, ShardSet.SHARD_BYTES);
        return shards;
    }

    @Benchmark
    public byte[] value() {
        return codec.decode(shards, present, ShardSet.DATA_SHARDS * ShardSet.SHARD_BYTES);
    }
}
