package io.mayfly.erasure;

import java.nio.ByteBuffer;

/**
 * How a value of any length maps onto k equal data shards: shard i holds bytes
 * [i * shardLength, (i + 1) * shardLength) of the value, and the last shards are zero padded.
 * An empty value has shards of length 0.
 */
public final class ShardLayout {

    private final int dataShards;
    private final int valueLength;
    private final int shardLength;

    private ShardLayout(int dataShards, int valueLength) {
        this.dataShards = dataShards;
        this.valueLength = valueLength;
        this.shardLength = (int) (((long) valueLength + dataShards - 1) / dataShards);
    }

    public static ShardLayout of(int dataShards, int valueLength) {
        if (dataShards < 1) {
            throw new IllegalArgumentException("data shards " + dataShards + " must be at least 1");
        }
        if (valueLength < 0) {
            throw new IllegalArgumentException("value length " + valueLength + " must not be negative");
        }
        return new ShardLayout(dataShards, valueLength);
    }

    public int dataShards() {
        return dataShards;
    }

    public int valueLength() {
        return valueLength;
    }

    /** ceil(valueLength / k): every shard, data or parity, has this many bytes. */
    public int shardLength() {
        return shardLength;
    }

    /**
     * k data shards holding {@code value} (zero padded) followed by {@code parityShards} zeroed
     * arrays ready for {@link ReedSolomon#encodeParity(byte[][], int, int)}.
     */
    public byte[][] split(byte[] value, int parityShards) {
        if (value.length != valueLength) {
            throw new IllegalArgumentException(
                    "value has " + value.length + " bytes; this layout is for " + valueLength);
        }
        byte[][] shards = new byte[dataShards + parityShards][shardLength];
        for (int i = 0; i < dataShards; i++) {
            int from = i * shardLength;
            int n = Math.max(0, Math.min(shardLength, valueLength - from));
            if (n > 0) {
                // Shards past the end of a short value are all padding; their start may lie beyond it.
                System.arraycopy(value, from, shards[i], 0, n);
            }
        }
        return shards;
    }

    /** The value back from its first k shards (data shards, each of at least {@link #shardLength()} bytes). */
    public byte[] join(byte[][] shards) {
        checkCount(shards.length);
        byte[] value = new byte[valueLength];
        for (int i = 0; i < dataShards; i++) {
            int from = i * shardLength;
            int n = Math.max(0, Math.min(shardLength, valueLength - from));
            if (n > 0) {
                System.arraycopy(shards[i], 0, value, from, n);
            }
        }
        return value;
    }

    /** As {@link #join(byte[][])}, reading each buffer from its position without moving it. */
    public byte[] join(ByteBuffer[] shards) {
        checkCount(shards.length);
        byte[] value = new byte[valueLength];
        for (int i = 0; i < dataShards; i++) {
            int from = i * shardLength;
            int n = Math.max(0, Math.min(shardLength, valueLength - from));
            if (n > 0) {
                shards[i].get(shards[i].position(), value, from, n);
            }
        }
        return value;
    }

    private void checkCount(int count) {
        if (count < dataShards) {
            throw new IllegalArgumentException(
                    "got " + count + " shards; joining needs the " + dataShards + " data shards");
        }
    }
}
