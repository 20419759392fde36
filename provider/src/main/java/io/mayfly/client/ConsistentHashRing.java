package io.mayfly.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

/**
 * Chooses the proxy for a key when a client talks to several: consistent hashing with virtual
 * points, so adding or removing one proxy moves only about 1/N of the keys.
 *
 * @param <T> what a point stands for (a proxy connection)
 */
final class ConsistentHashRing<T> {

    private static final int POINTS_PER_MEMBER = 128;
    private final TreeMap<Long, T> ring = new TreeMap<>();

    ConsistentHashRing(List<String> names, List<T> members) {
        if (names.isEmpty() || names.size() != members.size()) {
            throw new IllegalArgumentException("a ring needs one name per member, at least one member");
        }
        for (int m = 0; m < members.size(); m++) {
            for (int p = 0; p < POINTS_PER_MEMBER; p++) {
                ring.put(hash((names.get(m) + "#" + p).getBytes(StandardCharsets.UTF_8), new byte[0]), members.get(m));
            }
        }
    }

    T memberFor(String space, byte[] key) {
        long h = hash(space.getBytes(StandardCharsets.UTF_8), key);
        var entry = ring.ceilingEntry(h);
        return entry != null ? entry.getValue() : ring.firstEntry().getValue();
    }

    /** 64-bit FNV-1a over both parts, then a murmur finalizer for spread. */
    private static long hash(byte[] a, byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : a) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ 0xff) * 0x100000001b3L;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
