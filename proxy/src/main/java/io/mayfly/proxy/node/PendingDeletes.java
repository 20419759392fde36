package io.mayfly.proxy.node;

import io.mayfly.protocol.message.ShardKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Shard deletes waiting for nodes that do not serve, per node, in the order asked. The pool
 * queues a delete here when its node does not serve (and invokes the node), and takes the node's
 * queue when it is admitted again, to send it before anything else on the new link. Nothing here
 * bounds a queue: each entry is a key, and an invocation empties its node's queue.
 *
 * <p>Thread-safe, and calls nothing while holding its lock: the pool queues and takes under a
 * node's lock, so that a delete is either queued before the node's next admission or sent on its
 * link.
 */
final class PendingDeletes {

    private final List<ArrayDeque<ShardKey>> queues;

    PendingDeletes(int nodes) {
        List<ArrayDeque<ShardKey>> list = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            list.add(new ArrayDeque<>());
        }
        this.queues = List.copyOf(list);
    }

    synchronized void add(int node, ShardKey shardKey) {
        queues.get(node).addLast(shardKey);
    }

    /** The node's queue, oldest first, which is empty from now on. */
    synchronized List<ShardKey> takeAll(int node) {
        ArrayDeque<ShardKey> queue = queues.get(node);
        List<ShardKey> taken = new ArrayList<>(queue);
        queue.clear();
        return taken;
    }

    /** True when deletes wait for the node. */
    synchronized boolean waitFor(int node) {
        return !queues.get(node).isEmpty();
    }

    /** How many deletes wait, for all nodes. */
    synchronized int size() {
        int total = 0;
        for (ArrayDeque<ShardKey> queue : queues) {
            total += queue.size();
        }
        return total;
    }
}
