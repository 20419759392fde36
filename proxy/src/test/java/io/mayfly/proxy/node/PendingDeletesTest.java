package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import org.junit.jupiter.api.Test;

class PendingDeletesTest {

    private final PendingDeletes deletes = new PendingDeletes(3);

    private static ShardKey shard(long version, int shard) {
        return new ShardKey("s", Bytes.copyOf(new byte[] {9}), version, shard);
    }

    @Test
    void deletesWaitPerNodeAndAreTakenOldestFirstOnce() {
        deletes.add(1, shard(1, 0));
        deletes.add(1, shard(2, 0));
        deletes.add(2, shard(1, 1));
        assertThat(deletes.size()).isEqualTo(3);
        assertThat(deletes.waitFor(0)).isFalse();
        assertThat(deletes.waitFor(1)).isTrue();

        assertThat(deletes.takeAll(1)).containsExactly(shard(1, 0), shard(2, 0));
        assertThat(deletes.takeAll(1)).as("taken once").isEmpty();
        assertThat(deletes.waitFor(1)).isFalse();
        assertThat(deletes.size()).isEqualTo(1);
        assertThat(deletes.takeAll(2)).containsExactly(shard(1, 1));
        assertThat(deletes.size()).isZero();
    }

    @Test
    void theSameDeleteAskedTwiceIsSentTwice() {
        deletes.add(0, shard(1, 0));
        deletes.add(0, shard(1, 0));
        assertThat(deletes.takeAll(0)).containsExactly(shard(1, 0), shard(1, 0));
    }
}
