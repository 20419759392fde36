package io.mayfly.proxy.index;

import org.jetbrains.kotlinx.lincheck.paramgen.BooleanGen;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The CLOCK ring is linearizable: admissions, reads, removals and victim choices of concurrent
 * callers equal some sequential order, so eviction never picks a removed or superseded version,
 * nor the same version twice (Lincheck).
 */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
@Param(name = "version", gen = IntGen.class, conf = "1:2")
public class EvictionPolicyLincheckTest {

    private final EvictionPolicy eviction = new EvictionPolicy();

    private static ObjectKey key(int k) {
        return ObjectKey.of("s", new byte[] {(byte) k});
    }

    @Operation
    public void admitted(
            @Param(name = "key") int k, @Param(name = "version") int v, @Param(gen = BooleanGen.class) boolean pinned) {
        eviction.admitted(key(k), v, pinned);
    }

    @Operation
    public void accessed(@Param(name = "key") int k) {
        eviction.accessed(key(k));
    }

    @Operation
    public void removed(@Param(name = "key") int k, @Param(name = "version") int v) {
        eviction.removed(key(k), v);
    }

    @Operation
    public String nextVictim() {
        EvictionPolicy.Victim victim = eviction.nextVictim();
        return victim == null ? "none" : victim.key() + "v" + victim.version();
    }

    @Operation
    public int size() {
        return eviction.size();
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
