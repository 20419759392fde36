package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Segment;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.SmallValueTier;
import io.netty.channel.Channel;
import java.util.Arrays;
import java.util.List;

/**
 * A small value sent whole: its bytes are gathered here (the buffer grows as they arrive, never
 * sized from the header alone) and committed to the proxy's small-value tier, then copied whole
 * to two functions so a restarted proxy recovers it.
 */
final class InlinePut extends PutStream {

    private final int length;
    private byte[] value = new byte[0];
    private int received;

    InlinePut(StoreCoordinator store, Channel client, ObjectPut header) {
        super(store, client, header, 1);
        this.length = (int) Math.min(Integer.MAX_VALUE, header.layout().length());
    }

    @Override
    void start() {
        if (layout.length() > store.settings.smallValueThresholdBytes()) {
            refuse(
                    ErrorCode.TOO_LARGE,
                    "inline value of " + layout.length()
                            + " bytes exceeds the proxy's small-value-threshold-bytes "
                            + store.settings.smallValueThresholdBytes() + " (send it erasure-coded)");
        }
    }

    @Override
    void accept(Segment segment) {
        try {
            int n = segment.payload().readableBytes();
            if (received + (long) n > length) {
                fail(ErrorCode.MALFORMED, "inline value sent more than its declared " + length + " bytes");
                return;
            }
            if (!reservePinned(n)) {
                return;
            }
            if (received + n > value.length) {
                int grown = (int) Math.min(length, Math.max(received + (long) n, 2L * value.length));
                value = Arrays.copyOf(value, grown);
            }
            segment.payload().readBytes(value, received, n);
            received += n;
        } finally {
            segment.release();
        }
        if (segment.end()) {
            if (received != length) {
                fail(ErrorCode.MALFORMED, "inline value ended after " + received + " of " + length + " bytes");
                return;
            }
            commit();
        }
    }

    private void commit() {
        byte[] inline = value;
        value = new byte[0];
        long v = store.storage.index.nextVersion();
        List<SmallValueTier.Evicted> evicted = store.storage.smallValues.put(key, v, inline, header.pinned());
        for (SmallValueTier.Evicted e : evicted) {
            if (e.key().equals(key) && e.version() == v) {
                refuseForRoom(inline.length);
                return;
            }
            ObjectMeta gone = store.storage.index.removeVersion(e.key(), e.version());
            if (gone != null) {
                store.storage.reclaim(gone);
            }
        }
        ObjectMeta meta = new ObjectMeta(
                key,
                v,
                inline.length,
                header.expiresAtMillis(),
                1,
                0,
                inline.length,
                layout.valueChecksum(),
                new int[0],
                true,
                new int[0],
                System.currentTimeMillis(),
                header.pinned());
        MetadataIndex.CommitOutcome outcome = commitToIndex(meta);
        if (outcome == null) {
            store.storage.smallValues.remove(key, v);
            refuse(ErrorCode.CONFLICT, ClientSession.leaseLost(header.leaseId()));
            return;
        }
        if (!outcome.committed()) {
            store.storage.smallValues.remove(key, v);
            conflict();
            return;
        }
        pinnedHandedOver();
        if (outcome.replaced() != null) {
            store.storage.reclaim(outcome.replaced());
        }
        if (!outcome.superseded()) {
            // Queued before the answer, so a client that saw its put committed also sees it pending.
            store.copies.writeThrough(meta, inline);
        }
        committed(v);
    }

    /** The tier evicted the value itself: it is larger than the tier, or pinned values fill it. */
    private void refuseForRoom(int bytes) {
        if (bytes > store.storage.smallValues.capacityBytes()) {
            refuse(
                    ErrorCode.TOO_LARGE,
                    "value of " + bytes + " bytes exceeds the small-value tier's capacity "
                            + store.storage.smallValues.capacityBytes());
        } else {
            refuse(
                    ErrorCode.NO_ROOM,
                    "value of " + bytes + " bytes does not fit the small-value tier: "
                            + store.storage.smallValues.pinnedBytes() + " of its "
                            + store.storage.smallValues.capacityBytes()
                            + " bytes are pinned values, which are never evicted");
        }
    }

    @Override
    void fail(ErrorCode code, String reason) {
        value = new byte[0];
        answer(new ErrorMessage(header.requestId(), code, reason));
        end();
    }
}
