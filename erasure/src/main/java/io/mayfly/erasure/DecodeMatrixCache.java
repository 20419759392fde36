package io.mayfly.erasure;

import java.util.BitSet;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rebuild matrices per erasure pattern, so a pattern pays for its Gaussian elimination and the
 * scalar kernel's lookup tables once. Bounded: RS(10+2) has 66 patterns, but a wide code has too
 * many to keep all.
 */
final class DecodeMatrixCache {

    private final int capacity;
    private final ConcurrentHashMap<BitSet, CodingMatrix> matrices = new ConcurrentHashMap<>();

    DecodeMatrixCache(int capacity) {
        this.capacity = capacity;
    }

    /** The cached matrix for {@code pattern}; the caller must not change the key or the matrix. */
    CodingMatrix get(BitSet pattern, Function<BitSet, CodingMatrix> compute) {
        CodingMatrix cached = matrices.get(pattern);
        if (cached != null) {
            return cached;
        }
        CodingMatrix computed = compute.apply(pattern);
        if (matrices.size() >= capacity) {
            // Any victim will do: patterns are rare events, and a miss costs one k^3 inversion.
            Iterator<BitSet> victims = matrices.keySet().iterator();
            if (victims.hasNext()) {
                matrices.remove(victims.next());
            }
        }
        CodingMatrix raced = matrices.putIfAbsent(pattern, computed);
        return raced != null ? raced : computed;
    }

    int size() {
        return matrices.size();
    }
}
