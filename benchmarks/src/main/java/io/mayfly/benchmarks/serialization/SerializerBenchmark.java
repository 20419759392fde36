package io.mayfly.benchmarks.serialization;

import io.mayfly.jcache.copy.Serializer;
import io.mayfly.jcache.copy.StandardSerializer;
import java.util.Map;
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
 * Mayfly's default serializer (every JCache key and value passes through it, as store-by-value
 * requires) on values of each kind it treats differently, beside a clone of the serialized bytes
 * in the same run: the least any copy of that many bytes costs.
 */
// JMH sets the @Param fields and runs @Setup before any benchmark method.
@SuppressWarnings("NullAway.Init")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class SerializerBenchmark {

    @Param({"BYTES", "STRING", "OBJECT"})
    public ValueKind kind;

    @Param({"1024", "1048576"})
    public int bytes;

    /** As a cache allowing the sample's classes reads them: through the deserialization filter. */
    private final Serializer serializer = new StandardSerializer()
            .forCache(
                    Object.class,
                    Object.class,
                    Map.of("mayfly.serializer.allow", "io.mayfly.benchmarks.serialization.*"));

    private final ClassLoader loader = SerializerBenchmark.class.getClassLoader();
    private Object value;
    private byte[] serialized;

    @Setup
    public void setUp() {
        value = kind.sample(bytes, 42);
        serialized = serializer.serialize(value);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(value);
    }

    @Benchmark
    public Object deserialize() {
        return serializer.deserialize(serialized, loader);
    }

    /** The baseline: one copy of the serialized bytes. */
    @Benchmark
    public byte[] cloneBaseline() {
        return serialized.clone();
    }
}
