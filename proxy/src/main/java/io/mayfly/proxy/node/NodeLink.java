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
     * The node asked to return: true, and nothing more is sent on this link, when no request is
     * in flight; false (it must stay and serve them) otherwise.
     */
    default boolean retireIfIdle() {
        return true;
    }

    void close();
}
