package io.mayfly.proxy.keepalive;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the proxy did to keep data alive, and what it found lost: for tests, metrics and the
 * availability report. Monotonic counters over the proxy's lifetime.
 */
public final class KeepAliveCounters {

    /** Warm-up invocations that returned. */
    public final AtomicLong warmups = new AtomicLong();
    /** Backups completed (a second instance synced and released). */
    public final AtomicLong backups = new AtomicLong();
    /** Shards copied to second instances. */
    public final AtomicLong backupShardsCopied = new AtomicLong();
    /** Shard bytes copied to second instances. */
    public final AtomicLong backupBytesCopied = new AtomicLong();
    /** Stale shards deleted on second instances (tombstones). */
    public final AtomicLong backupTombstones = new AtomicLong();
    /** Gets that completed although some shard was missing: the client rebuilt from parity. */
    public final AtomicLong degradedReads = new AtomicLong();
    /** Shard re-requests of gets whose node stopped serving or failed to wake. */
    public final AtomicLong getRetries = new AtomicLong();
    /** Shards a get found lost for good (not found, bad checksum). */
    public final AtomicLong shardsFoundLost = new AtomicLong();
    /** Shards a node's inventory showed missing after it came back. */
    public final AtomicLong shardsMissingOnConnect = new AtomicLong();
    /** Shards rebuilt and written back. */
    public final AtomicLong shardsRepaired = new AtomicLong();
    /** Values all of whose lost shards were rebuilt. */
    public final AtomicLong valuesRepaired = new AtomicLong();
    /** Shard bytes repair moved (survivors read plus rebuilt shards written). */
    public final AtomicLong bytesRepaired = new AtomicLong();
    /** Values repair found beyond rescue (fewer than k shards left) and dropped. */
    public final AtomicLong valuesLost = new AtomicLong();

    @Override
    public String toString() {
        return "KeepAlive[warmups=" + warmups + ", backups=" + backups + ", backupShardsCopied="
                + backupShardsCopied + ", backupTombstones=" + backupTombstones + ", degradedReads="
                + degradedReads + ", getRetries=" + getRetries + ", shardsFoundLost=" + shardsFoundLost
                + ", shardsMissingOnConnect=" + shardsMissingOnConnect + ", shardsRepaired=" + shardsRepaired
                + ", valuesRepaired=" + valuesRepaired + ", bytesRepaired=" + bytesRepaired
                + ", valuesLost=" + valuesLost + "]";
    }
}
