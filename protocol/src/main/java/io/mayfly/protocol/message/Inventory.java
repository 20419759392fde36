package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Node -> proxy, answer to {@link ListShards}: a batch of the shards the node holds, each with its
 * CRC32C and the metadata the proxy stored with it ({@link ShardPut#meta}). A node sends as many batches as its inventory needs (each frame stays under the control
 * frame bound); the one with {@code last} ends the answer.
 */
public record Inventory(long requestId, boolean last, List<Entry> entries) implements Message {

    /** One stored shard. */
    public record Entry(ShardKey key, int crc32c, Bytes meta) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(meta, "meta");
        }

        /** A shard stored without metadata. */
        public Entry(ShardKey key, int crc32c) {
            this(key, crc32c, Bytes.EMPTY);
        }

        /** Bytes this entry takes in a body, for batching under a frame bound. */
        public int encodedBytes() {
            return 2 + key.space().length() * 3 + 4 + key.key().length() + 8 + 2 + 4 + 4 + meta.length();
        }
    }

    public Inventory {
        entries = List.copyOf(entries);
    }

    @Override
    public MessageType type() {
        return MessageType.INVENTORY;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeBoolean(last);
        out.writeInt(entries.size());
        for (Entry e : entries) {
            e.key.write(out);
            out.writeInt(e.crc32c);
            BodyFields.writeBytes(out, e.meta);
        }
    }

    static Inventory read(long requestId, int flags, ByteBuf body) {
        boolean last = BodyFields.readBoolean(body);
        long count = body.readUnsignedInt();
        // Each entry takes at least 24 bytes: a count beyond that is a lie, never an allocation.
        BodyFields.requireReadable(body, count * 24, "inventory entries");
        List<Entry> entries = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            entries.add(new Entry(ShardKey.read(body), body.readInt(), BodyFields.readBytes(body)));
        }
        return new Inventory(requestId, last, entries);
    }
}
