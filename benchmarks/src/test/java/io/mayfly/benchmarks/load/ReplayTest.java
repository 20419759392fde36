package io.mayfly.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.benchmarks.testing.MapTarget;
import io.mayfly.benchmarks.trace.Operation;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
    private static final Trace TRACE = new Trace(
            "test",
            List.of(
                    new TraceRecord(0, Operation.GET, "a", 100),
                    new TraceRecord(10, Operation.GET, "a", 100),
                    new TraceRecord(20, Operation.PUT, "b", 5 << 20),
                    new TraceRecord(30, Operation.GET, "b", 5 << 20),
                    new TraceRecord(40, Operation.DELETE, "a", 0),
                    new TraceRecord(50, Operation.GET, "a", 100)),
            Duration.ofSeconds(1));

    @Test
    void readThroughPutsAfterAMissAndEveryTargetSeesTheSameOrder() {
        MapTarget first = new MapTarget("one");
        MapTarget second = new MapTarget("two");
        Replay replay = new Replay(0, true, null);
        TargetResult r = replay.run(TRACE, first);
        replay.run(TRACE, second);

        assertThat(first.calls)
                .containsExactly(
                        "GET a", "PUT a 100", "GET a", "PUT b 5242880", "GET b", "DELETE a", "GET a", "PUT a 100");
        assertThat(second.calls).isEqualTo(first.calls);
        assertThat(r.gets()).isEqualTo(4);
        assertThat(r.hits()).isEqualTo(2);
        assertThat(r.hitRatio()).isEqualTo(0.5);
        assertThat(r.putCount()).isEqualTo(3);
        assertThat(r.requests()).isEqualTo(8);
        assertThat(r.getHits(SizeClass.UP_TO_1_KIB).count()).isEqualTo(1);
        assertThat(r.getHits(SizeClass.UP_TO_10_MIB).bytes()).isEqualTo(5 << 20);
        assertThat(r.storedKeys()).isEqualTo(2);
        assertThat(r.storedBytes()).isEqualTo(100 + (5 << 20));
        assertThat(r.wrongValues()).isZero();
    }

    @Test
    void withoutReadThroughAMissStaysAMiss() {
        MapTarget target = new MapTarget("one");
        TargetResult r = new Replay(0, false, null).run(TRACE, target);
        assertThat(target.calls).containsExactly("GET a", "GET a", "PUT b 5242880", "GET b", "DELETE a", "GET a");
        assertThat(r.hits()).isEqualTo(1);
    }

    @Test
    void aValueOfTheWrongSizeIsCounted() {
        MapTarget target = new MapTarget("one") {
            @Override
            public byte[] get(String key) {
                byte[] v = super.get(key);
                return v == null ? null : new byte[v.length + 1];
            }
        };
        TargetResult r = new Replay(0, true, null).run(TRACE, target);
        assertThat(r.wrongValues()).isEqualTo(2);
    }

    @Test
    void sizeClassesSplitAtTheirUpperBounds() {
        assertThat(SizeClass.of(1024)).isEqualTo(SizeClass.UP_TO_1_KIB);
        assertThat(SizeClass.of(1025)).isEqualTo(SizeClass.UP_TO_100_KIB);
        assertThat(SizeClass.of(10L << 20)).isEqualTo(SizeClass.UP_TO_10_MIB);
        assertThat(SizeClass.of(100L << 20)).isEqualTo(SizeClass.UP_TO_100_MIB);
        assertThat(SizeClass.of((100L << 20) + 1)).isEqualTo(SizeClass.OVER_100_MIB);
    }

    @Test
    void negativeCompressionIsRefused() {
        assertThatThrownBy(() -> new Replay(-1, true, null)).hasMessageContaining("time compression -1");
    }

    @Test
    void byteSizesParseWithDecimalAndBinaryUnits() {
        assertThat(ByteSizeConverter.parse("4096")).isEqualTo(4096);
        assertThat(ByteSizeConverter.parse("10MB")).isEqualTo(10_000_000);
        assertThat(ByteSizeConverter.parse("256MiB")).isEqualTo(256L << 20);
        assertThat(ByteSizeConverter.parse("1.5 GiB")).isEqualTo(3L << 29);
        assertThatThrownBy(() -> ByteSizeConverter.parse("lots")).hasMessageContaining("\"lots\"");
    }
}
