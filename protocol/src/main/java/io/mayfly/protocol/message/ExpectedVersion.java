package io.mayfly.protocol.message;

/** The compare-and-set precondition of OBJECT_PUT / OBJECT_DELETE / OBJECT_TOUCH. */
public final class ExpectedVersion {

    /** Apply whatever the current version is. */
    public static final long ANY = -1;
    /** Apply only if the key is absent. */
    public static final long ABSENT = 0;

    private ExpectedVersion() {}

    static long check(long expectedVersion) {
        if (expectedVersion < ANY) {
            throw new IllegalArgumentException("expectedVersion " + expectedVersion
                    + " invalid: use -1 (any), 0 (only if absent) or a version N > 0");
        }
        return expectedVersion;
    }
}
