package io.mayfly.proxy.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinnedLedgerTest {

    @Test
    void reservesUpToTheBoundAndNoFurther() {
        PinnedLedger ledger = new PinnedLedger(100);
        assertThat(ledger.tryReserve(60)).isTrue();
        assertThat(ledger.tryReserve(41)).isFalse();
        assertThat(ledger.usedBytes()).isEqualTo(60);
        assertThat(ledger.tryReserve(40)).isTrue();
        ledger.release(60);
        assertThat(ledger.tryReserve(60)).isTrue();
        assertThat(ledger.usedBytes()).isEqualTo(100);
    }

    @Test
    void aZeroBoundRefusesEveryPinnedByte() {
        PinnedLedger ledger = new PinnedLedger(0);
        assertThat(ledger.tryReserve(0)).isTrue();
        assertThat(ledger.tryReserve(1)).isFalse();
    }

    @Test
    void aNegativeBoundIsRejected() {
        assertThatThrownBy(() -> new PinnedLedger(-1)).hasMessageContaining("pinned-max-bytes");
    }
}
