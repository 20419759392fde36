package io.mayfly.protocol.message;

import io.mayfly.protocol.WireFormat;
import io.netty.buffer.ByteBuf;

/**
 * The compare-and-set precondition of OBJECT_PUT / OBJECT_DELETE / OBJECT_TOUCH: the one
 * definition of the version sentinels, which the client and the proxy's index use too.
 */
public final class ExpectedVersion {

    /** Apply whatever the current version is. */
    public static final long ANY = -1;
    /** Apply only if the key is absent. */
    public static final long ABSENT = 0;
    /** The lease id of a write that holds no write lease. */
    public static final long NO_LEASE = 0;

    private ExpectedVersion() {}

    static long check(long expectedVersion) {
        if (expectedVersion < ANY) {
            throw new IllegalArgumentException("expectedVersion " + expectedVersion
                    + " invalid: use -1 (any), 0 (only if absent) or a version N > 0");
        }
        return expectedVersion;
    }

    /** The trailing lease id of a frame flagged {@link WireFormat#FLAG_LEASED}. */
    static long readLease(int flags, ByteBuf body) {
        if ((flags & WireFormat.FLAG_LEASED) == 0) {
            return NO_LEASE;
        }
        long leaseId = body.readLong();
        if (leaseId == NO_LEASE) {
            throw new IllegalArgumentException("a leased frame carries lease id 0");
        }
        return leaseId;
    }
}
