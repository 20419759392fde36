package io.mayfly.proxy.index;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.paramgen.BooleanGen;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/** The small-value tier is linearizable, evictions and pinned bytes included (Lincheck). */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
@Param(name = "version", gen = IntGen.class, conf = "1:2")
@Param(name = "size", gen = IntGen.class, conf = "1:6")
public class SmallValueTierLincheckTest {

    private final SmallValueTier tier = new SmallValueTier(10);

    private static ObjectKey key(int k) {
        return ObjectKey.of("s", new byte[] {(byte) k});
    }

    @Operation
    public String put(
            @Param(name = "key") int k,
            @Param(name = "version") int v,
            @Param(name = "size") int size,
            @Param(gen = BooleanGen.class) boolean pin) {
        List<SmallValueTier.Evicted> evicted = tier.put(key(k), v, new byte[size], pin);
        StringBuilder out = new StringBuilder();
        for (SmallValueTier.Evicted e : evicted) {
            out.append(e.key()).append('v').append(e.version()).append(' ');
        }
        return out.toString();
    }

    @Operation
    public int get(@Param(name = "key") int k, @Param(name = "version") int v) {
        byte[] value = tier.get(key(k), v);
        return value == null ? -1 : value.length;
    }

    @Operation
    public void remove(@Param(name = "key") int k, @Param(name = "version") int v) {
        tier.remove(key(k), v);
    }

    @Operation
    public long usedBytes() {
        return tier.usedBytes();
    }

    @Operation
    public long pinnedBytes() {
        return tier.pinnedBytes();
    }

    @Test
    void stress() {
        new StressOptions().iterations(5).invocationsPerIteration(300).check(getClass());
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(10).invocationsPerIteration(200).check(getClass());
    }
}
