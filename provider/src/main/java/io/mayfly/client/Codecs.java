package io.mayfly.client;

import io.mayfly.erasure.ReedSolomon;
import java.util.concurrent.ConcurrentHashMap;

/** Reed-Solomon codecs by (k, r), built once per store: building one inverts a matrix. */
final class Codecs {

    private final ConcurrentHashMap<Integer, ReedSolomon> byShape = new ConcurrentHashMap<>();

    ReedSolomon of(int dataShards, int parityShards) {
        return byShape.computeIfAbsent(
                dataShards << 16 | parityShards, shape -> ReedSolomon.of(dataShards, parityShards));
    }
}
