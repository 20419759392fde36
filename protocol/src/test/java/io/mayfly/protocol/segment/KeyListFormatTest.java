package io.mayfly.protocol.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyListFormatTest {

    @PropertyTest(tries = 1000)
    void keyListSurvivesEncoding(Gen gen) {
        List<Bytes> keys = gen.list(0, 30, g -> Bytes.copyOf(g.bytes(40)));
        ByteBuf body = KeyListFormat.encode(PooledByteBufAllocator.DEFAULT, keys);
        try {
            assertThat(KeyListFormat.decode(body, keys.size())).isEqualTo(keys);
        } finally {
            body.release();
        }
    }

    @Test
    void forgedEntryLengthIsMalformedWithoutAllocating() {
        ByteBuf body = Unpooled.buffer().writeInt(0x7FFFFFFF).writeByte(1);
        assertThatThrownBy(() -> KeyListFormat.decode(body, 1))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("2147483647");
    }

    @Test
    void countMismatchIsMalformed() {
        ByteBuf body = Unpooled.buffer().writeInt(1).writeByte(1);
        assertThatThrownBy(() -> KeyListFormat.decode(body, 2)).hasMessageContaining("announced 2");
        assertThatThrownBy(() -> KeyListFormat.decode(Unpooled.buffer().writeShort(1), 0))
                .hasMessageContaining("inside a length field");
    }
}
