package io.mayfly.jcache.expiry;

import io.mayfly.client.KeySpace;
import java.io.Closeable;
import java.io.IOException;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Turns a cache's {@link ExpiryPolicy} into absolute expiry times for the store. Each method
 * asks the policy exactly once (the TCK counts the calls). A policy that throws leaves the expiry
 * unchanged, or eternal on creation (JSR-107 section 6.2).
 */
public final class ExpiryCalculator {

    private final ExpiryPolicy policy;

    public ExpiryCalculator(ExpiryPolicy policy) {
        this.policy = policy;
    }

    /** The expiry time of a new entry; {@code <= now} means the entry is not stored at all. */
    public long forCreation(long now) {
        Duration duration;
        try {
            duration = policy.getExpiryForCreation();
        } catch (RuntimeException e) {
            duration = Duration.ETERNAL;
        }
        return duration == null ? KeySpace.NEVER_EXPIRES : toTime(duration, now);
    }

    /**
     * The expiry time that both a creation and an update would give at {@code now}, when the
     * policy is one of the standard ones that says so without being asked (eternal; modified and
     * touched with a non-zero duration); null otherwise, and the caller must tell the two apart
     * (and ask the policy exactly once, as {@link #forCreation} or {@link #forUpdate}). Eternal
     * updates keep the entry's expiry, which under an eternal policy is never.
     */
    public @Nullable Long sameForCreationAndUpdate(long now) {
        Class<?> type = policy.getClass();
        if (type == EternalExpiryPolicy.class) {
            return KeySpace.NEVER_EXPIRES;
        }
        if (type == ModifiedExpiryPolicy.class || type == TouchedExpiryPolicy.class) {
            Duration duration = policy.getExpiryForCreation();
            if (duration != null && !duration.isZero() && duration.equals(policy.getExpiryForUpdate())) {
                return toTime(duration, now);
            }
        }
        return null;
    }

    /** The new expiry time after an update, or null to keep the current one. */
    public @Nullable Long forUpdate(long now) {
        try {
            Duration duration = policy.getExpiryForUpdate();
            return duration == null ? null : toTime(duration, now);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The new expiry time after a read, or null to keep the current one. */
    public @Nullable Long forAccess(long now) {
        try {
            Duration duration = policy.getExpiryForAccess();
            return duration == null ? null : toTime(duration, now);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long toTime(Duration duration, long now) {
        if (duration.isEternal()) {
            return KeySpace.NEVER_EXPIRES;
        }
        if (duration.isZero()) {
            return now;
        }
        long time = duration.getAdjustedTime(now);
        return time == Long.MAX_VALUE ? KeySpace.NEVER_EXPIRES : time;
    }

    public void close() {
        if (policy instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                // closing the cache goes on regardless
            }
        }
    }
}
