package io.mayfly.embedded;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.StoreUnavailableException;
import io.mayfly.client.StoredValue;
import io.mayfly.client.WriteLeaseLostException;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.proxy.DirectStore;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache's keys in embedded mode: {@link #get}, {@link #head} and {@link #put} of a value the
 * client would send inline go to the proxy's {@link DirectStore} in the caller's thread, with the
 * checks and answers of the channel's key space (limits, conditions, whole-value checksum, lease
 * lost, no room); whatever the direct path does not answer, and every other call, goes to the
 * channel's key space.
 */
final class EmbeddedKeySpace implements KeySpace {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKeySpace.class);

    private final String name;
    private final CodingSettings coding;
    private final KeySpace channel;
    private final DirectStore direct;
    private final EmbeddedObjectStore store;

    EmbeddedKeySpace(
            String name, CodingSettings coding, KeySpace channel, DirectStore direct, EmbeddedObjectStore store) {
        this.name = name;
        this.coding = coding;
        this.channel = channel;
        this.direct = direct;
        this.store = store;
    }

    @Override
    public String name() {
        return name;
    }

    /** A direct call never blocks long; any call may still go over the channel, which bounds this. */
    @Override
    public long callBoundMs() {
        return channel.callBoundMs();
    }

    @Override
    @SuppressWarnings("NullAway") // null when absent, as KeySpace documents (its signature does not say)
    public StoredValue get(byte[] key) {
        store.checkOpen();
        DirectStore.Read read = direct.get(name, key);
        return switch (read.found()) {
            case ABSENT -> null;
            case FOUND -> checked(read);
            case USE_CHANNEL -> channel.get(key);
        };
    }

    @Override
    @SuppressWarnings("NullAway") // null when absent, as KeySpace documents (its signature does not say)
    public StoredValue head(byte[] key) {
        store.checkOpen();
        DirectStore.Read read = direct.head(name, key);
        return switch (read.found()) {
            case ABSENT -> null;
            case FOUND -> new StoredValue(null, read.version(), read.length(), read.expiresAtMillis());
            case USE_CHANNEL -> channel.head(key);
        };
    }

    /** As a value read over the channel: one that fails its whole-value checksum is a miss, never wrong bytes. */
    private @Nullable StoredValue checked(DirectStore.Read read) {
        byte[] value = read.value();
        if (value == null || Crc32c.valueChecksum(value) != read.valueChecksum()) {
            log.warn(
                    "value v{} of {} bytes failed its whole-value checksum: treated as a miss",
                    read.version(),
                    read.length());
            return null;
        }
        return new StoredValue(value, read.version(), value.length, read.expiresAtMillis());
    }

    @Override
    public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
        store.checkOpen();
        coding.checkPut(value.length, expectedVersion);
        if (!coding.travelsWhole(value.length)) {
            return channel.put(key, value, expectedVersion, expiresAtMillis, leaseId);
        }
        DirectStore.Put put = direct.put(name, key, value, expectedVersion, expiresAtMillis, coding.pinned(), leaseId);
        return switch (put.outcome()) {
            case COMMITTED -> put.version();
            case CONFLICT -> CONFLICT;
            case LEASE_LOST -> throw new WriteLeaseLostException("proxy refused the put: " + put.reason());
            case NO_ROOM ->
                throw new StoreUnavailableException(
                        "proxy refused the put: NO_ROOM " + put.reason() + " (the pool is full)");
            // Larger than the proxy keeps whole: the channel's key space sends it erasure-coded.
            case TOO_LARGE, USE_CHANNEL -> channel.put(key, value, expectedVersion, expiresAtMillis, leaseId);
        };
    }

    @Override
    public boolean remove(byte[] key, long expectedVersion, long leaseId) {
        return channel.remove(key, expectedVersion, leaseId);
    }

    @Override
    public long acquireLease(byte[] key, long leaseMs, long waitMs) {
        return channel.acquireLease(key, leaseMs, waitMs);
    }

    @Override
    public void releaseLease(byte[] key, long leaseId) {
        channel.releaseLease(key, leaseId);
    }

    @Override
    public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
        return channel.touch(key, expectedVersion, expiresAtMillis);
    }

    @Override
    public List<byte[]> keys() {
        return channel.keys();
    }

    @Override
    public void clear() {
        channel.clear();
    }
}
