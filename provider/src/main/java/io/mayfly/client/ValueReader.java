package io.mayfly.client;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.NotFound;
import io.mayfly.protocol.message.ObjectMeta;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ValueLayout;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one get: the metadata, then either the inline value or the shards of the first k
 * to arrive. Each shard is checked against its CRC32C; one that fails counts as missing. Once k
 * valid shards are in, the value is decoded (a pure concatenation when they are the k data
 * shards) and checked against the whole-value checksum: a mismatch is a miss, never wrong bytes.
 */
final class ValueReader implements ProxyConnection.Call {

    private static final Logger log = LoggerFactory.getLogger(ValueReader.class);

    private final boolean wantValue;
    private final Codecs codecs;
    private final long maxValueBytes;
    private final CompletableFuture<StoredValue> result = new CompletableFuture<>();
    private @Nullable ObjectMeta meta;
    private byte @Nullable [] inline;
    private int inlineReceived;
    private byte @Nullable [][] shards;
    private int @Nullable [] received;
    private boolean @Nullable [] valid;
    private boolean @Nullable [] broken;
    private int validCount;

    ValueReader(boolean wantValue, long maxValueBytes, Codecs codecs) {
        this.wantValue = wantValue;
        this.codecs = codecs;
        this.maxValueBytes = maxValueBytes;
    }

    CompletableFuture<StoredValue> result() {
        return result;
    }

    @Override
    public boolean answer(Message message) {
        if (message instanceof NotFound) {
            result.complete(null);
            return true;
        }
        if (message instanceof ErrorMessage error) {
            if (error.code() == ErrorCode.NOT_FOUND) {
                // Too many shards lost for good (the proxy forgot the value): a miss, never a wrong value.
                log.debug("get answered as a miss: {} {}", error.code(), error.message());
                result.complete(null);
            } else {
                // Unreachable or timed out is not "absent": a compare-and-set that took it for absent
                // would retry forever against the value still indexed.
                result.completeExceptionally(new StoreUnavailableException(
                        "proxy refused the get: " + error.code() + " " + error.message()));
            }
            return true;
        }
        if (message instanceof ObjectMeta m) {
            return metadata(m);
        }
        if (message instanceof Segment segment) {
            try {
                return segment(segment);
            } finally {
                segment.release();
            }
        }
        ReferenceCountUtil.release(message);
        result.completeExceptionally(
                new StoreUnavailableException("unexpected answer " + message.type() + " to a get"));
        return true;
    }

    private boolean metadata(ObjectMeta m) {
        meta = m;
        ValueLayout layout = m.layout();
        if (!wantValue) {
            result.complete(new StoredValue(null, m.version(), layout.length(), m.expiresAtMillis()));
            return true;
        }
        if (layout.length() > maxValueBytes || layout.length() > Integer.MAX_VALUE - 16) {
            result.completeExceptionally(new StoreUnavailableException("proxy announced a value of " + layout.length()
                    + " bytes, over this space's max-value-size " + maxValueBytes));
            return true;
        }
        if (layout.inline()) {
            inline = new byte[(int) layout.length()];
            return false;
        }
        if ((long) layout.shardLength() * layout.k() < layout.length()) {
            result.completeExceptionally(new StoreUnavailableException("inconsistent layout " + layout));
            return true;
        }
        int total = layout.k() + layout.r();
        shards = new byte[total][];
        received = new int[total];
        valid = new boolean[total];
        broken = new boolean[total];
        return false;
    }

    private boolean segment(Segment segment) {
        ObjectMeta meta = this.meta;
        if (meta == null) {
            result.completeExceptionally(new StoreUnavailableException("value bytes before metadata"));
            return true;
        }
        ValueLayout layout = meta.layout();
        byte[] inline = this.inline;
        byte[][] shards = this.shards;
        int[] received = this.received;
        boolean[] valid = this.valid;
        boolean[] broken = this.broken;
        int n = segment.payload().readableBytes();
        if (layout.inline()) {
            if (inline == null) {
                throw new IllegalStateException("inline value without its buffer");
            }
            if (inlineReceived + n > inline.length) {
                result.completeExceptionally(new StoreUnavailableException("inline value longer than announced"));
                return true;
            }
            segment.payload().readBytes(inline, inlineReceived, n);
            inlineReceived += n;
            if (!segment.end()) {
                return false;
            }
            finish(meta, inline);
            return true;
        }
        if (shards == null || received == null || valid == null || broken == null) {
            throw new IllegalStateException("shard bytes without their buffers");
        }
        int shard = segment.streamIndex();
        if (shard >= shards.length || valid[shard] || broken[shard]) {
            return false;
        }
        int shardLength = layout.shardLength();
        if (shards[shard] == null) {
            shards[shard] = new byte[shardLength];
        }
        if (received[shard] + n > shardLength) {
            broken[shard] = true;
            shards[shard] = null;
            return false;
        }
        segment.payload().readBytes(shards[shard], received[shard], n);
        received[shard] += n;
        if (!segment.end()) {
            return false;
        }
        if (received[shard] != shardLength
                || Crc32c.of(shards[shard]) != layout.shardCrc32c().get(shard)) {
            broken[shard] = true;
            shards[shard] = null;
            return false;
        }
        valid[shard] = true;
        if (++validCount < layout.k()) {
            return false;
        }
        boolean[] present = new boolean[shards.length];
        for (int i = 0; i < shards.length; i++) {
            present[i] = valid[i];
            if (!valid[i]) {
                shards[i] = null;
            }
        }
        byte[] value = codecs.of(layout.k(), layout.r()).decode(shards, present, (int) layout.length());
        this.shards = null;
        finish(meta, value);
        return true;
    }

    private void finish(ObjectMeta meta, byte[] value) {
        if (Crc32c.valueChecksum(value) != meta.layout().valueChecksum()) {
            log.warn(
                    "value v{} of {} bytes failed its whole-value checksum: treated as a miss",
                    meta.version(),
                    value.length);
            result.complete(null);
            return;
        }
        result.complete(new StoredValue(value, meta.version(), value.length, meta.expiresAtMillis()));
    }

    @Override
    public void failed(StoreUnavailableException cause) {
        result.completeExceptionally(cause);
    }
}
