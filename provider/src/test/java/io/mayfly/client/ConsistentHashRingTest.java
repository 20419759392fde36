package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistentHashRingTest {

    @Test
    void keysSpreadOverEveryMemberAndAddingOneMovesAboutItsShare() {
        ConsistentHashRing<String> three =
                new ConsistentHashRing<>(List.of("a:1", "b:1", "c:1"), List.of("a", "b", "c"));
        ConsistentHashRing<String> four =
                new ConsistentHashRing<>(List.of("a:1", "b:1", "c:1", "d:1"), List.of("a", "b", "c", "d"));
        Map<String, Integer> counts = new HashMap<>();
        int moved = 0;
        int keys = 30_000;
        for (int i = 0; i < keys; i++) {
            byte[] key = ("key-" + i).getBytes();
            String before = three.memberFor("space", key);
            counts.merge(before, 1, Integer::sum);
            String after = four.memberFor("space", key);
            if (!before.equals(after)) {
                moved++;
                assertThat(after).as("a key only ever moves to the new member").isEqualTo("d");
            }
        }
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(keys / 5, keys / 2));
        assertThat(moved).isBetween(keys / 8, keys * 3 / 8);
        assertThat(three.memberFor("space", "x".getBytes())).isEqualTo(three.memberFor("space", "x".getBytes()));
    }
}
