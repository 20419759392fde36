package io.mayfly.proxy.index;

import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The index is linearizable: every concurrent history of commits by compare-and-set, removes,
 * expiry touches and reads equals some sequential one (Lincheck, stress and model checking).
 * {@link MetadataIndex#size} is left out: a concurrent map's count is not linearizable, and only
 * statistics read it.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "version", gen = IntGen.class, conf = "1:4")
@Param(name = "expected", gen = IntGen.class, conf = "-1:4")
public class MetadataIndexLincheckTest {

    private final MetadataIndex index = new MetadataIndex(1);

    private static ObjectKey key(int k) {
        return ObjectKey.of("s", new byte[] {(byte) k});
    }

    private static long version(int v) {
        return v <= 0 ? v : Versions.of(1, v);
    }

    private static ObjectMeta meta(int k, int v) {
        return new ObjectMeta(key(k), version(v), 3, Long.MAX_VALUE, 1, 0, 3, 0, new int[0], true, new int[0], 0);
    }

    /** 0: conflict, 1: committed and current, 2: committed and superseded at once. */
    @Operation
    public int commit(@Param(name = "key") int k, @Param(name = "version") int v, @Param(name = "expected") int e) {
        MetadataIndex.CommitOutcome outcome = index.commit(meta(k, v), version(e));
        return !outcome.committed() ? 0 : outcome.superseded() ? 2 : 1;
    }

    @Operation
    public long remove(@Param(name = "key") int k, @Param(name = "expected") int e) {
        ObjectMeta removed = index.remove(key(k), version(e));
        return removed == null ? 0 : removed.version();
    }

    @Operation
    public boolean touch(@Param(name = "key") int k, @Param(name = "expected") int e) {
        return index.touch(key(k), version(e), 5);
    }

    @Operation
    public long removeExpired(@Param(name = "key") int k) {
        ObjectMeta removed = index.removeExpired(key(k), 10);
        return removed == null ? 0 : removed.version();
    }

    @Operation
    public String get(@Param(name = "key") int k) {
        ObjectMeta meta = index.get(key(k));
        return meta == null ? "absent" : meta.version() + "@" + meta.expiresAtMillis();
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
