package io.mayfly.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class NettyLeakCheckTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReported() throws InterruptedException {
        leakOneBuffer();

        assertThat(NettyLeakCheck.collectLeakReports())
                .isNotEmpty()
                .allSatisfy(report -> assertThat(report).startsWith("LEAK: ByteBuf.release()"));
    }

    @Test
    void releasedBuffersAreNotReported() throws InterruptedException {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        buffer.writeLong(42);
        buffer.release();

        assertThat(NettyLeakCheck.collectLeakReports()).isEmpty();
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeLong(42);
    }
}
