package io.mayfly.proxy.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShardPlacementTest {

    @Test
    void shardsGoToDistinctNodesWithRoom() {
        ShardPlacement placement = new ShardPlacement(6, 100);
        int[] first = placement.reserve(4, 60);
        assertThat(Arrays.stream(first).distinct().count()).isEqualTo(4);
        int[] second = placement.reserve(2, 60);
        assertThat(second).doesNotContain(first);
        assertThat(placement.reserve(1, 60)).as("every node is over half full").isNull();
        assertThat(placement.reserve(6, 40)).isNotNull();
        assertThat(placement.usedBytes()).isEqualTo(600);
        placement.releaseAll(first, 60);
        assertThat(placement.usedBytes()).isEqualTo(360);
    }

    @Test
    void refusesMoreShardsThanNodes() {
        ShardPlacement placement = new ShardPlacement(3, 100);
        assertThat(placement.reserve(4, 1)).isNull();
        assertThat(placement.couldEverFit(4, 1)).isFalse();
        assertThat(placement.couldEverFit(3, 101)).isFalse();
    }

    @Test
    void anEmptyPoolIsFilledRoundRobin() {
        ShardPlacement placement = new ShardPlacement(4, 100);
        int[] a = placement.reserve(2, 10);
        int[] b = placement.reserve(2, 10);
        assertThat(a).doesNotContain(b);
    }

    @Test
    void repairReservesOneShardOnTheEmptiestNodeOutsideTheValue() {
        ShardPlacement placement = new ShardPlacement(4, 100);
        int[] value = placement.reserve(2, 50);
        placement.reserve(1, 30);
        int chosen = placement.reserveOneExcept(50, value);
        assertThat(value).doesNotContain(chosen);
        assertThat(placement.usedBytes(chosen))
                .as("the empty node, now holding the shard")
                .isEqualTo(50);
        assertThat(placement.reserveOneExcept(80, value))
                .as("no node outside the value has room")
                .isEqualTo(-1);
    }

    @Test
    void preferredNodesComeFirstUntilTheyHoldAnEighthOfANodeMoreThanTheEmptiest() {
        ShardPlacement placement = new ShardPlacement(6, 800);
        for (int i = 0; i < 3; i++) {
            assertThat(placement.reserve(2, 10, node -> node == 4 || node == 5))
                    .as("serving nodes 4 and 5 take the copies while the pool stays even")
                    .containsExactlyInAnyOrder(4, 5);
        }
        placement.reserve(2, 71, node -> node == 4 || node == 5);
        assertThat(placement.usedBytes(4))
                .as("101 bytes: over the 100-byte slack")
                .isEqualTo(101);
        int[] next = placement.reserve(2, 10, node -> node == 4 || node == 5);
        assertThat(next).doesNotContain(4, 5);
    }
}
