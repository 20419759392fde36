package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    @Test
    void theLastNArrivalsMustAllFallWithinTheWindow() {
        RecentRequests recent = new RecentRequests();
        assertThat(recent.lastWithin(1, 10)).as("nothing recorded").isFalse();
        recent.record(100);
        recent.record(200);
        assertThat(recent.lastWithin(3, 1_000)).as("only two recorded").isFalse();
        recent.record(300);
        assertThat(recent.lastWithin(3, 200)).isTrue();
        assertThat(recent.lastWithin(3, 199)).isFalse();
        recent.record(5_000);
        assertThat(recent.lastWithin(2, 1_000)).as("a gap ends the burst").isFalse();
        assertThat(recent.lastWithin(1, 0)).isTrue();
    }

    @Test
    void olderArrivalsWrapAroundTheBoundedMemory() {
        RecentRequests recent = new RecentRequests();
        for (int i = 0; i < 3 * RecentRequests.MAX_TRACKED; i++) {
            recent.record(i);
        }
        assertThat(recent.lastWithin(RecentRequests.MAX_TRACKED, RecentRequests.MAX_TRACKED - 1))
                .isTrue();
        assertThat(recent.lastWithin(RecentRequests.MAX_TRACKED, RecentRequests.MAX_TRACKED - 2))
                .isFalse();
        assertThat(recent.lastWithin(RecentRequests.MAX_TRACKED + 1, Long.MAX_VALUE))
                .isFalse();
    }
}
