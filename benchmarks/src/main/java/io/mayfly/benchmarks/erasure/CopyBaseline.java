package io.mayfly.benchmarks.erasure;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** System.arraycopy of the same 10 x 1 MiB data shards: the memory-bandwidth yardstick for encode. */
// JMH sets the @Param fields and runs @Setup before any benchmark method.
@SuppressWarnings("NullAway.Init")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CopyBaseline {

    private byte[][] shards;
    private byte[][] copies;

    @Setup
    public void setUp() {
        shards = ShardSet.random(42);
        copies = new byte[ShardSet.DATA_SHARDS][ShardSet.SHARD_BYTES];
    }

    @Benchmark
    public byte[][] arraycopy() {
        for (int i = 0; i < ShardSet.DATA_SHARDS; i++) {
            System.arraycopy(shards[i], 0, copies[i], 0, ShardSet.SHARD_BYTES);
        }
        return copies;
    }
}
