package io.mayfly.proxy.node;

import io.mayfly.protocol.message.ShardKey;

/** The authenticated connection of a serving node, as the pool needs to see it. */
public interface NodeLink {

    /** Sends a shard delete and forgets it (a delete of an absent shard is fine). */
    void deleteShard(ShardKey shardKey);

    /** Fails every request waiting for an answer on this link. */
    void failOutstanding(String reason);

    boolean isOpen();

    /**
     * True when the node may be returning now: no request of this link is outstanding and none was
     * sent or answered within {@code quietNanos}. A request sent then could cross the node's BYE.
     */
    default boolean quietFor(long quietNanos) {
        return false;
    }

    void close();
}
