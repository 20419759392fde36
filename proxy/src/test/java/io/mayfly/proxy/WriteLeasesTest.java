package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.proxy.index.ObjectKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteLeasesTest {

    private static final ObjectKey KEY = ObjectKey.of("space", new byte[] {1});

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong nanos = new AtomicLong();
    private final WriteLeases leases = new WriteLeases(2, 1, nanos::get);

    /** What one requester was told. */
    private static final class Requester implements WriteLeases.Requester {
        final List<Long> granted = new CopyOnWriteArrayList<>();
        final List<ErrorCode> refused = new CopyOnWriteArrayList<>();

        @Override
        public boolean granted(long leaseId) {
            granted.add(leaseId);
            return true;
        }

        @Override
        public void refused(ErrorCode code, String reason) {
            refused.add(code);
        }
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aWaiterGetsTheLeaseWhenTheHolderCommits() {
        Requester first = new Requester();
        Requester second = new Requester();
        leases.acquire(KEY, 60_000, 60_000, timer, first);
        leases.acquire(KEY, 60_000, 60_000, timer, second);
        assertThat(first.granted).hasSize(1);
        assertThat(second.granted).isEmpty();

        assertThat(leases.commitUnder(KEY, first.granted.get(0), () -> "committed"))
                .isEqualTo("committed");
        assertThat(second.granted).hasSize(1);
        assertThat(leases.commitUnder(KEY, first.granted.get(0), () -> "again"))
                .as("an ended lease commits nothing")
                .isNull();
        assertThat(leases.release(KEY, second.granted.get(0))).isTrue();
        assertThat(leases.leasedKeys()).isZero();
    }

    @Test
    void aLeaseWhoseHolderVanishedExpiresAndPassesOn() {
        Requester gone = new Requester();
        Requester next = new Requester();
        leases.acquire(KEY, 50, 60_000, timer, gone);
        leases.acquire(KEY, 60_000, 60_000, timer, next);
        nanos.addAndGet(Duration.ofMillis(50).toNanos());
        await().atMost(Duration.ofSeconds(30)).until(() -> next.granted.size() == 1);
        assertThat(leases.commitUnder(KEY, gone.granted.get(0), () -> "late")).isNull();
    }

    @Test
    void waitingIsBoundedPerKeyAndInTime() {
        Requester holder = new Requester();
        Requester waiter = new Requester();
        Requester tooMany = new Requester();
        leases.acquire(KEY, 60_000, 60_000, timer, holder);
        leases.acquire(KEY, 60_000, 50, timer, waiter);
        leases.acquire(KEY, 60_000, 60_000, timer, tooMany);
        assertThat(tooMany.refused).containsExactly(ErrorCode.UNAVAILABLE);
        await().atMost(Duration.ofSeconds(30)).until(() -> waiter.refused.size() == 1);
        assertThat(waiter.refused).containsExactly(ErrorCode.TIMEOUT);
        assertThat(waiter.granted).isEmpty();
    }

    @Test
    void leasedKeysAreBounded() {
        Requester a = new Requester();
        Requester b = new Requester();
        Requester c = new Requester();
        leases.acquire(ObjectKey.of("space", new byte[] {1}), 60_000, 0, timer, a);
        leases.acquire(ObjectKey.of("space", new byte[] {2}), 60_000, 0, timer, b);
        leases.acquire(ObjectKey.of("space", new byte[] {3}), 60_000, 0, timer, c);
        assertThat(c.refused).containsExactly(ErrorCode.UNAVAILABLE);
    }
}
