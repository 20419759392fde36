package io.mayfly.benchmarks.erasure;

import io.mayfly.erasure.CodingPath;
import io.mayfly.erasure.ReedSolomon;
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

/** RS(10+2) parity of 10 x 1 MiB data shards; 10 MiB of input per operation. */
// JMH sets the @Param fields and runs @Setup before any benchmark method.
@SuppressWarnings("NullAway.Init")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EncodeBenchmark {

    @Param({"VECTOR", "SCALAR"})
    public CodingPath path;

    private ReedSolomon codec;
    private byte[][] shards;

    @Setup
    public void setUp() {
        codec = ReedSolomon.of(ShardSet.DATA_SHARDS, ShardSet.PARITY_SHARDS, path);
        shards = ShardSet.random(42);
    }

    @Benchmark
    public byte[][] encode() {
        codec.encodeParity(shards, 0, ShardSet.SHARD_BYTES);
        return shards;
    }
}
