package io.mayfly.proxy.index;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the k+r distinct nodes that receive a value's shards, and keeps the byte ledger of what
 * each node holds (committed and in-flight), so a placement never overfills a node.
 *
 * <p>The emptiest nodes are chosen first, which spreads load; ties rotate so a fresh pool is used
 * round-robin rather than always from node 0. Thread-safe.
 */
public final class ShardPlacement {

    private final long capacityPerNode;
    private final long[] usedBytes;
    private int rotation;

    public ShardPlacement(int nodes, long capacityPerNodeBytes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("pool size " + nodes + " must be at least 1");
        }
        if (capacityPerNodeBytes < 1) {
            throw new IllegalArgumentException(
                    "node capacity " + capacityPerNodeBytes + " bytes must be positive (raise function memory)");
        }
        this.capacityPerNode = capacityPerNodeBytes;
        this.usedBytes = new long[nodes];
    }

    public int nodes() {
        return usedBytes.length;
    }

    public long capacityPerNode() {
        return capacityPerNode;
    }

    /** Pool capacity: what all nodes together may hold. */
    public long capacity() {
        return capacityPerNode * usedBytes.length;
    }

    /** Whether a value of {@code shards} x {@code shardBytes} could ever fit, even in an empty pool. */
    public boolean couldEverFit(int shards, long shardBytes) {
        return shards <= usedBytes.length && shardBytes <= capacityPerNode;
    }

    /**
     * Reserves room for {@code shards} shards of {@code shardBytes} each on as many distinct nodes.
     *
     * @return the node index for each shard, or null when fewer than {@code shards} nodes have room
     *     (the caller evicts and tries again)
     */
    public int @Nullable [] reserve(int shards, long shardBytes) {
        return reserve(shards, shardBytes, node -> false);
    }

    /**
     * As {@link #reserve(int, long)}, but nodes {@code preferred} accepts come first while they hold
     * no more than an eighth of a node's capacity above the emptiest node: a preference (nodes
     * already serving, say) that never skews the pool's fill by much.
     */
    public synchronized int @Nullable [] reserve(int shards, long shardBytes, IntPredicate preferred) {
        int n = usedBytes.length;
        if (shards > n) {
            return null;
        }
        Integer[] order = new Integer[n];
        int start = rotation;
        rotation = (rotation + shards) % n;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            order[i] = (start + i) % n;
            least = Math.min(least, usedBytes[i]);
        }
        long slack = least + capacityPerNode / 8;
        boolean[] first = new boolean[n];
        for (int node = 0; node < n; node++) {
            first[node] = usedBytes[node] <= slack && preferred.test(node);
        }
        // Stable sort: among equally free nodes the rotated order stands.
        Arrays.sort(
                order, (a, b) -> first[a] != first[b] ? (first[a] ? -1 : 1) : Long.compare(usedBytes[a], usedBytes[b]));
        int[] chosen = new int[shards];
        int found = 0;
        for (int i = 0; i < n && found < shards; i++) {
            int node = order[i];
            if (capacityPerNode - usedBytes[node] >= shardBytes) {
                chosen[found++] = node;
            }
        }
        if (found < shards) {
            return null;
        }
        for (int node : chosen) {
            usedBytes[node] += shardBytes;
        }
        return chosen;
    }

    /**
     * Chooses {@code shards} distinct nodes for a value whose bytes have not arrived yet, emptiest
     * first, claiming nothing: room is claimed with {@link #tryClaim} as the bytes come.
     */
    public synchronized int[] choose(int shards) {
        int n = usedBytes.length;
        if (shards > n) {
            throw new IllegalArgumentException(shards + " shards need as many nodes, the pool has " + n);
        }
        Integer[] order = new Integer[n];
        int start = rotation;
        rotation = (rotation + shards) % n;
        for (int i = 0; i < n; i++) {
            order[i] = (start + i) % n;
        }
        Arrays.sort(order, (a, b) -> Long.compare(usedBytes[a], usedBytes[b]));
        int[] chosen = new int[shards];
        for (int i = 0; i < shards; i++) {
            chosen[i] = order[i];
        }
        return chosen;
    }

    /** Claims {@code bytes} on {@code node} when it has that much room left. */
    public synchronized boolean tryClaim(int node, long bytes) {
        if (capacityPerNode - usedBytes[node] < bytes) {
            return false;
        }
        usedBytes[node] += bytes;
        return true;
    }

    /**
     * Reserves room for one shard on the emptiest node not in {@code exclude}: where repair rebuilds
     * a lost shard, so a value never holds two shards on one node.
     *
     * @return the node, or -1 when every other node is full
     */
    public synchronized int reserveOneExcept(long shardBytes, int[] exclude) {
        int best = -1;
        for (int node = 0; node < usedBytes.length; node++) {
            if (contains(exclude, node) || capacityPerNode - usedBytes[node] < shardBytes) {
                continue;
            }
            if (best < 0 || usedBytes[node] < usedBytes[best]) {
                best = node;
            }
        }
        if (best >= 0) {
            usedBytes[best] += shardBytes;
        }
        return best;
    }

    private static boolean contains(int[] nodes, int node) {
        for (int n : nodes) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts bytes a node already holds (a shard recovery found there), even past the node's
     * capacity: the ledger must say what the node holds, and eviction brings it back under.
     */
    public synchronized void occupy(int node, long shardBytes) {
        usedBytes[node] += shardBytes;
    }

    /** Returns one shard's room on {@code node}. */
    public synchronized void release(int node, long shardBytes) {
        usedBytes[node] = Math.max(0, usedBytes[node] - shardBytes);
    }

    /** Returns the room of every shard of a placement. */
    public synchronized void releaseAll(int[] placement, long shardBytes) {
        for (int node : placement) {
            release(node, shardBytes);
        }
    }

    public synchronized long usedBytes(int node) {
        return usedBytes[node];
    }

    public synchronized long usedBytes() {
        long total = 0;
        for (long used : usedBytes) {
            total += used;
        }
        return total;
    }
}
