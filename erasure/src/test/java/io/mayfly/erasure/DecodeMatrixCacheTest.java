package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecodeMatrixCacheTest {

    @Test
    void computesEachPatternOnceAndStaysBounded() {
        DecodeMatrixCache cache = new DecodeMatrixCache(4);
        AtomicInteger computed = new AtomicInteger();
        BitSet pattern = BitSet.valueOf(new long[] {0b1011});
        CodingMatrix first = cache.get(pattern, p -> {
            computed.incrementAndGet();
            return new CodingMatrix(new byte[][] {{1}}, 1);
        });
        CodingMatrix second = cache.get((BitSet) pattern.clone(), p -> {
            computed.incrementAndGet();
            return new CodingMatrix(new byte[][] {{2}}, 1);
        });
        assertThat(second).isSameAs(first);
        assertThat(computed).hasValue(1);

        for (long bits = 0; bits < 20; bits++) {
            cache.get(BitSet.valueOf(new long[] {bits << 8}), p -> new CodingMatrix(new byte[][] {{0}}, 1));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(4);
    }
}
