package io.mayfly.client;

import org.jspecify.annotations.Nullable;

/**
 * A value as the store holds it.
 *
 * @param value the bytes, or {@code null} when only the metadata was asked for
 * @param version the committed version, positive
 * @param length the value's length in bytes
 * @param expiresAtMillis epoch milliseconds after which the entry counts as expired, or
 *     {@link KeySpace#NEVER_EXPIRES}
 */
public record StoredValue(byte @Nullable [] value, long version, long length, long expiresAtMillis) {

    public boolean isExpiredAt(long nowMillis) {
        return expiresAtMillis != KeySpace.NEVER_EXPIRES && nowMillis >= expiresAtMillis;
    }
}
