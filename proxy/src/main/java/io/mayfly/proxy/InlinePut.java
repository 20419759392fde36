package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Segment;
import io.netty.channel.Channel;
import java.util.Arrays;

/**
 * A small value sent whole: its bytes are gathered here (the buffer grows as they arrive, never
 * sized from the header alone) and committed to the proxy's small-value tier, then copied whole
 * to two functions so a restarted proxy recovers it ({@link StoreCoordinator#commitInline}, the
 * write a caller in this JVM makes too).
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
        String tooLarge = store.tooLargeToKeepWhole(layout.length());
        if (tooLarge != null) {
            refuse(ErrorCode.TOO_LARGE, tooLarge);
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
        StoreCoordinator.InlineCommit outcome = store.commitInline(
                key,
                inline,
                layout.valueChecksum(),
                header.expectedVersion(),
                header.expiresAtMillis(),
                header.pinned(),
                header.leaseId());
        switch (outcome.outcome()) {
            case COMMITTED -> {
                pinnedHandedOver();
                committed(outcome.version());
            }
            case CONFLICT -> conflict();
            case LEASE_LOST -> refuse(ErrorCode.CONFLICT, outcome.reason());
            case NO_ROOM -> refuse(ErrorCode.NO_ROOM, outcome.reason());
            case TOO_LARGE -> refuse(ErrorCode.TOO_LARGE, outcome.reason());
        }
    }

    /**
     * A value larger than this proxy takes whole is sent again erasure-coded by the client, under
     * the same lease: the refusal must not end it.
     */
    @Override
    boolean keepsLease(ErrorMessage error) {
        return error.code() == ErrorCode.TOO_LARGE;
    }

    @Override
    void fail(ErrorCode code, String reason) {
        value = new byte[0];
        answer(new ErrorMessage(header.requestId(), code, reason));
        end();
    }
}
