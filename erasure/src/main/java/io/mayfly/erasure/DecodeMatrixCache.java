package io.mayfly.erasure;

import java.util.BitSet;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Inverse matrices per set of surviving shards, so a pattern of erasures pays for its Gaussian
 * elimination once. Bounded: RS(10+2) has 66 patterns, but a wide code has too many to keep all.
 */
final class DecodeMatrixCache {

    private final int capacity;
    private final ConcurrentHashMap<BitSet, byte[][]> inverses = new ConcurrentHashMap<>();

    DecodeMatrixCache(int capacity) {
        this.capacity = capacity;
    }

    /** The cached matrix for {@code survivors}; the caller must not change the key or the matrix. */
    byte[][] get(BitSet survivors, Function<BitSet, byte[][]> compute) {
        byte[][] cached = inverses.get(survivors);
        if (cached != null) {
            return cached;
        }
        byte[][] computed = compute.apply(survivors);
        if (inverses.size() >= capacity) {
            // Any victim will do: patterns are rare events, and a miss costs one k^3 inversion.
            Iterator<BitSet> victims = inverses.keySet().iterator();
            if (victims.hasNext()) {
                inverses.remove(victims.next());
            }
        }
        byte[][] raced = inverses.putIfAbsent(survivors, computed);
        return raced != null ? raced : computed;
    }

    int size() {
        return inverses.size();
    }
}
