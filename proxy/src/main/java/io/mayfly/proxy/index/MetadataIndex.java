package io.mayfly.proxy.index;

import io.mayfly.protocol.message.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Key to committed version: the one place a reader learns which version of a value is current.
 *
 * <p>Writes commit here by compare-and-set on the version ({@link #commit}), which is what makes
 * conditional writes atomic for every client of this proxy. Versions come from one counter, so a
 * key deleted and written again never reuses a version (no ABA for a client holding an old one).
 */
public final class MetadataIndex {

    /** Expected-version value: write whatever is there (the wire's sentinel). */
    public static final long ANY_VERSION = ExpectedVersion.ANY;
    /** Expected-version value: write only if the key has no value (the wire's sentinel). */
    public static final long ABSENT = ExpectedVersion.ABSENT;

    private final ConcurrentHashMap<ObjectKey, ObjectMeta> entries = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    /** A fresh version number for a write about to start. */
    public long nextVersion() {
        return versions.incrementAndGet();
    }

    public ObjectMeta get(ObjectKey key) {
        return entries.get(key);
    }

    /** Whether a write with {@code expectedVersion} would commit if it committed now. */
    public boolean conditionHolds(ObjectKey key, long expectedVersion) {
        return holds(entries.get(key), expectedVersion);
    }

    /**
     * Makes {@code candidate} the current version if the condition holds.
     *
     * @return the outcome; its {@code replaced} entry (possibly null) is the superseded version,
     *     whose storage the caller now releases
     */
    public CommitOutcome commit(ObjectMeta candidate, long expectedVersion) {
        CommitOutcome[] outcome = new CommitOutcome[1];
        entries.compute(candidate.key(), (k, current) -> {
            if (!holds(current, expectedVersion)) {
                outcome[0] = CommitOutcome.conflict();
                return current;
            }
            outcome[0] = CommitOutcome.committed(current);
            return candidate;
        });
        return outcome[0];
    }

    /** Removes the value if the condition holds; returns the removed entry or null. */
    public ObjectMeta remove(ObjectKey key, long expectedVersion) {
        ObjectMeta[] removed = new ObjectMeta[1];
        entries.computeIfPresent(key, (k, current) -> {
            if (expectedVersion == ABSENT || !holds(current, expectedVersion)) {
                return current;
            }
            removed[0] = current;
            return null;
        });
        return removed[0];
    }

    /** Removes exactly this version if it is still current (eviction, loss); returns it or null. */
    public ObjectMeta removeVersion(ObjectKey key, long version) {
        ObjectMeta[] removed = new ObjectMeta[1];
        entries.computeIfPresent(key, (k, current) -> {
            if (current.version() != version) {
                return current;
            }
            removed[0] = current;
            return null;
        });
        return removed[0];
    }

    /** Replaces the expiry of the current version if the condition holds. */
    public boolean touch(ObjectKey key, long expectedVersion, long expiresAtMillis) {
        boolean[] touched = new boolean[1];
        entries.computeIfPresent(key, (k, current) -> {
            if (expectedVersion == ABSENT || !holds(current, expectedVersion)) {
                return current;
            }
            touched[0] = true;
            return current.withExpiry(expiresAtMillis);
        });
        return touched[0];
    }

    /**
     * Records that repair moved one shard of exactly this version from node {@code from} to node
     * {@code to}. The version stays: the bytes are the same, only where they live changed.
     *
     * @return the new entry, or null when the version is no longer current or the shard no longer
     *     lives on {@code from}
     */
    public ObjectMeta relocate(ObjectKey key, long version, int shard, int from, int to) {
        ObjectMeta[] moved = new ObjectMeta[1];
        entries.computeIfPresent(key, (k, current) -> {
            if (current.version() != version || current.inline() || current.placement()[shard] != from) {
                return current;
            }
            moved[0] = current.withShardOn(shard, to);
            return moved[0];
        });
        return moved[0];
    }

    /** A snapshot of the entries of one key space. */
    public List<ObjectMeta> entriesOf(String space) {
        List<ObjectMeta> result = new ArrayList<>();
        for (ObjectMeta meta : entries.values()) {
            if (meta.key().space().equals(space)) {
                result.add(meta);
            }
        }
        return result;
    }

    /** A snapshot of every entry. */
    public List<ObjectMeta> entries() {
        return new ArrayList<>(entries.values());
    }

    public int size() {
        return entries.size();
    }

    private static boolean holds(ObjectMeta current, long expectedVersion) {
        if (expectedVersion == ANY_VERSION) {
            return true;
        }
        if (expectedVersion == ABSENT) {
            return current == null;
        }
        return current != null && current.version() == expectedVersion;
    }

    /** The result of a {@link #commit}. */
    public record CommitOutcome(boolean committed, ObjectMeta replaced) {

        static CommitOutcome conflict() {
            return new CommitOutcome(false, null);
        }

        static CommitOutcome committed(ObjectMeta replaced) {
            return new CommitOutcome(true, replaced);
        }
    }
}
