package io.mayfly.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLogTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final FailureLog log = new FailureLog(60_000, clock::get);
    private final RuntimeException down = new IllegalStateException("proxy down");

    @Test
    void warnsOncePerIntervalAndCountsTheRest() {
        assertThat(log.report("get", "books", "treated as a miss", down)).isTrue();
        assertThat(log.report("get", "books", "treated as a miss", down)).isFalse();
        assertThat(log.report("put", "books", "value not cached", down)).isFalse();
        assertThat(log.suppressed()).isEqualTo(2);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(log.report("get", "books", "treated as a miss", down)).isFalse();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(log.report("get", "books", "treated as a miss", down)).isTrue();
        assertThat(log.suppressed()).isZero();
    }

    @Test
    void zeroIntervalWarnsEveryTime() {
        FailureLog everyTime = new FailureLog(0, clock::get);
        assertThat(everyTime.report("get", "books", "treated as a miss", down)).isTrue();
        assertThat(everyTime.report("get", "books", "treated as a miss", down)).isTrue();
    }
}
