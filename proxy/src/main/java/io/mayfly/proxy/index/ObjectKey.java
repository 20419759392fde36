package io.mayfly.proxy.index;

import java.util.Arrays;
import java.util.HexFormat;

/** One key of one key space, compared by content (a bare byte[] would compare by reference). */
public final class ObjectKey {

    private final String space;
    private final byte[] key;
    private final int hash;

    private ObjectKey(String space, byte[] key) {
        this.space = space;
        this.key = key;
        this.hash = 31 * space.hashCode() + Arrays.hashCode(key);
    }

    /** Copies {@code key}. */
    public static ObjectKey of(String space, byte[] key) {
        return new ObjectKey(space, key.clone());
    }

    public String space() {
        return space;
    }

    /** A copy of the key bytes. */
    public byte[] key() {
        return key.clone();
    }

    int keyLength() {
        return key.length;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof ObjectKey other
                        && hash == other.hash
                        && space.equals(other.space)
                        && Arrays.equals(key, other.key));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        String hex = key.length <= 24
                ? HexFormat.of().formatHex(key)
                : HexFormat.of().formatHex(key, 0, 24) + "..(" + key.length + " bytes)";
        return space + "/" + hex;
    }
}
