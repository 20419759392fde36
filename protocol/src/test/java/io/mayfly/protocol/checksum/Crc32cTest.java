package io.mayfly.protocol.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32cTest {

    @Test
    void knownAnswerOfTheCheckString() {
        // The standard check value of CRC-32C (Castagnoli) for "123456789".
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc32c.of(check)).isEqualTo(0xE3069283);
        assertThat(Crc32c.valueChecksum(check)).isEqualTo(0xE3069283L);
        assertThat(Crc32c.of(new byte[0])).isZero();
    }

    @PropertyTest(tries = 1000)
    void everyBufferKindGivesTheArrayChecksum(Gen gen) {
        byte[] bytes = gen.bytes(5000);
        int splitAt = gen.between(0, 5000);
        int split = Math.min(splitAt, bytes.length);
        int expected = Crc32c.of(bytes);
        ByteBuf heap = Unpooled.wrappedBuffer(bytes);
        ByteBuf direct =
                PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        CompositeByteBuf composite = PooledByteBufAllocator.DEFAULT
                .compositeBuffer()
                .addComponent(true, Unpooled.copiedBuffer(bytes, 0, split))
                .addComponent(
                        true,
                        PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes, split, bytes.length - split));
        try {
            assertThat(Crc32c.of(heap)).isEqualTo(expected);
            assertThat(Crc32c.of(direct)).isEqualTo(expected);
            assertThat(Crc32c.of(composite)).isEqualTo(expected);
            assertThat(composite.readerIndex()).isZero();
            assertThat(new Crc32c()
                            .update(bytes, 0, split)
                            .update(bytes, split, bytes.length - split)
                            .intValue())
                    .isEqualTo(expected);
            assertThat(Crc32c.valueChecksum(direct)).isEqualTo(Integer.toUnsignedLong(expected));
        } finally {
            direct.release();
            composite.release();
        }
    }
}
