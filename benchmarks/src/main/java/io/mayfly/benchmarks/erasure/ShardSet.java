package io.mayfly.benchmarks.erasure;

import java.util.Random;

/** RS(10+2) shards of 1 MiB with random data, the shape the codec targets are stated for. */
final class ShardSet {

    static final int DATA_SHARDS = 10;
    static final int PARITY_SHARDS = 2;
    static final int SHARD_BYTES = 1 << 20;

    private ShardSet() {}

    static byte[][] random(long seed) {
        Random random = new Random(seed);
        byte[][] shards = new byte[DATA_SHARDS + PARITY_SHARDS][SHARD_BYTES];
        for (int i = 0; i < DATA_SHARDS; i++) {
            random.nextBytes(shards[i]);
        }
        return shards;
    }
}
