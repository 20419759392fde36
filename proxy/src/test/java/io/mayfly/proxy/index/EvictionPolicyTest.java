package io.mayfly.proxy.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvictionPolicyTest {

    private static ObjectKey key(int i) {
        return ObjectKey.of("s", new byte[] {(byte) i});
    }

    @Test
    void evictsInInsertionOrderWithoutReferences() {
        EvictionPolicy clock = new EvictionPolicy();
        clock.admitted(key(1), 1);
        clock.admitted(key(2), 2);
        assertThat(clock.nextVictim().key()).isEqualTo(key(1));
        assertThat(clock.nextVictim().key()).isEqualTo(key(2));
        assertThat(clock.nextVictim()).isNull();
    }

    @Test
    void aReferencedValueGetsASecondChance() {
        EvictionPolicy clock = new EvictionPolicy();
        clock.admitted(key(1), 1);
        clock.admitted(key(2), 2);
        clock.accessed(key(1));
        assertThat(clock.nextVictim().key()).isEqualTo(key(2));
        assertThat(clock.nextVictim().key()).isEqualTo(key(1));
    }

    @Test
    void removedAndReplacedVersionsAreNeverVictims() {
        EvictionPolicy clock = new EvictionPolicy();
        clock.admitted(key(1), 1);
        clock.admitted(key(2), 2);
        clock.removed(key(1), 1);
        clock.admitted(key(2), 3);
        EvictionPolicy.Victim victim = clock.nextVictim();
        assertThat(victim.key()).isEqualTo(key(2));
        assertThat(victim.version()).isEqualTo(3);
        assertThat(clock.nextVictim()).isNull();
    }

    @Test
    void aPinnedValueIsNeverAVictim() {
        EvictionPolicy clock = new EvictionPolicy();
        clock.admitted(key(1), 1, true);
        clock.admitted(key(2), 2);
        clock.admitted(key(3), 3, true);
        assertThat(clock.nextVictim().key()).isEqualTo(key(2));
        assertThat(clock.nextVictim()).isNull();
    }

    @Test
    void pinningAKeyRetiresItsEarlierUnpinnedVersion() {
        EvictionPolicy clock = new EvictionPolicy();
        clock.admitted(key(1), 1);
        clock.admitted(key(1), 2, true);
        assertThat(clock.nextVictim()).isNull();
    }
}
