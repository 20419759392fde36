package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class FirstDGatherTest {

    private static final int K = 2;
    private final byte[][] shards = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    private final RecordingSink sink = new RecordingSink();
    private final FirstDGather gather = new FirstDGather(K, 4, crcs(shards), sink);

    private static int[] crcs(byte[][] shards) {
        int[] result = new int[shards.length];
        for (int i = 0; i < shards.length; i++) {
            CRC32C crc = new CRC32C();
            crc.update(shards[i]);
            result[i] = (int) crc.getValue();
        }
        return result;
    }

    private void send(int shard, byte[] bytes) {
        gather.started(shard, bytes.length);
        gather.segment(shard, Unpooled.wrappedBuffer(bytes, 0, 2), false);
        gather.segment(shard, Unpooled.wrappedBuffer(bytes, 2, bytes.length - 2), true);
    }

    @Test
    void completesWithTheFirstKValidShardsAndDropsTheRest() {
        send(2, shards[2]);
        send(0, shards[0]);
        assertThat(sink.completed).isTrue();
        ByteBuf late = Unpooled.wrappedBuffer(shards[1]);
        gather.started(1, 4);
        gather.segment(1, late, true);
        assertThat(late.refCnt())
                .as("a straggler's segment is released, not forwarded")
                .isZero();
        assertThat(sink.lastShards).containsExactly(2, 0);
    }

    @Test
    void aShardWithOneFlippedByteCountsAsMissing() {
        byte[] flipped = shards[0].clone();
        flipped[3] ^= 0x01;
        send(0, flipped);
        assertThat(gather.missingShards()).isEqualTo(1);
        send(1, shards[1]);
        send(2, shards[2]);
        assertThat(sink.completed).isTrue();
        assertThat(sink.lastShards).containsExactly(1, 2);
    }

    @Test
    void morethanRMissingFailsInsteadOfReturningWrongBytes() {
        gather.missing(0, "NOT_FOUND", true);
        assertThat(sink.failure).isNull();
        byte[] flipped = shards[1].clone();
        flipped[0] ^= 0x40;
        send(1, flipped);
        assertThat(sink.failure).contains("2 of 3 shards missing");
        assertThat(sink.lostForGood).isTrue();
        assertThat(sink.completed).isFalse();
    }

    @Test
    void aShardLongerThanTheIndexSaysIsMissingAndNeverAllocated() {
        gather.started(0, 1L << 40);
        assertThat(gather.missingShards()).isEqualTo(1);
        gather.started(1, 4);
        ByteBuf tooMuch = Unpooled.wrappedBuffer(new byte[5]);
        gather.segment(1, tooMuch, false);
        assertThat(tooMuch.refCnt()).isZero();
        assertThat(sink.failure).isNotNull();
    }

    static final class RecordingSink implements FirstDGather.Sink {
        final List<Integer> lastShards = new ArrayList<>();
        boolean completed;
        String failure;
        boolean lostForGood;

        @Override
        public void segment(int shard, ByteBuf data, boolean last) {
            if (last) {
                lastShards.add(shard);
            }
            data.release();
        }

        @Override
        public void completed() {
            completed = true;
        }

        @Override
        public void failed(String reason, boolean definitelyLost) {
            failure = reason;
            lostForGood = definitelyLost;
        }
    }
}
