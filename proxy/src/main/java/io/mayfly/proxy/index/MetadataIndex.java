package io.mayfly.proxy.index;

import io.mayfly.protocol.message.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Key to committed version: the one place a reader learns which version of a value is current.
 *
 * <p>Writes commit here by compare-and-set on the version ({@link #commit}), which is what makes
 * conditional writes atomic for every client of this proxy. Versions are {@link Versions}: an epoch
 * above any earlier proxy's and a counter, so a key deleted and written again, or written after a
 * restart, never reuses a version (no ABA for a client holding an old one).
 *
 * <p>The current version of a key is always the largest committed one: a blind write that lost
 * the race to commit against a later-numbered write is superseded on arrival. Recovery relies on
 * it: of the versions it finds on the functions, the largest is the one that was current.
 */
public final class MetadataIndex {

    /** Expected-version value: write whatever is there (the wire's sentinel). */
    public static final long ANY_VERSION = ExpectedVersion.ANY;
    /** Expected-version value: write only if the key has no value (the wire's sentinel). */
    public static final long ABSENT = ExpectedVersion.ABSENT;

    private final ConcurrentHashMap<ObjectKey, ObjectMeta> entries = new ConcurrentHashMap<>();
    /** The last version issued; the next is one more (a full counter carries into the epoch). */
    private final AtomicLong versions;

    /** An index whose epoch is now (in ms); recovery raises it above what the functions hold. */
    public MetadataIndex() {
        this(Versions.epochFor(System.currentTimeMillis(), -1));
    }

    public MetadataIndex(long epoch) {
        this.versions = new AtomicLong(Versions.of(epoch, 0));
    }

    /** A fresh version number for a write about to start. */
    public long nextVersion() {
        return versions.incrementAndGet();
    }

    /** The epoch versions are now issued in. */
    public long epoch() {
        return Versions.epochOf(versions.get());
    }

    /** Makes every later version exceed {@code epoch}'s: the functions held versions up to it. */
    public void epochAbove(long epoch) {
        long floor = Versions.of(epoch + 1, 0);
        versions.accumulateAndGet(floor, Math::max);
    }

    public @Nullable ObjectMeta get(ObjectKey key) {
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
            if (current != null && current.version() > candidate.version()) {
                // Only a blind write gets here (a conditional one numbered after what it expected):
                // it is ordered just before the later write that committed first.
                outcome[0] = CommitOutcome.supersededOnArrival(candidate);
                return current;
            }
            outcome[0] = CommitOutcome.committed(current);
            return candidate;
        });
        return outcome[0];
    }

    /** Removes the value if the condition holds; returns the removed entry or null. */
    public @Nullable ObjectMeta remove(ObjectKey key, long expectedVersion) {
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
    public @Nullable ObjectMeta removeVersion(ObjectKey key, long version) {
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

    /** Removes the current version if it expired before {@code nowMillis}; returns it or null. */
    public @Nullable ObjectMeta removeExpired(ObjectKey key, long nowMillis) {
        ObjectMeta[] removed = new ObjectMeta[1];
        entries.computeIfPresent(key, (k, current) -> {
            if (current.expiresAtMillis() >= nowMillis) {
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

    /**
     * Records the whole-value copies of an inline version written through to functions.
     *
     * @return the new entry, or null when the version is no longer current (the copies are orphans)
     */
    public ObjectMeta attachCopies(ObjectKey key, long version, int[] nodes, int crc32c) {
        ObjectMeta[] attached = new ObjectMeta[1];
        entries.computeIfPresent(key, (k, current) -> {
            if (current.version() != version || !current.inline()) {
                return current;
            }
            attached[0] = current.withCopies(nodes, crc32c);
            return attached[0];
        });
        return attached[0];
    }

    /**
     * Installs a version recovered from the functions unless the key already has one as new.
     *
     * @return the entry it displaced (the caller releases it), or {@code meta} itself when it was
     *     not installed, or null when the key had no entry
     */
    public ObjectMeta restore(ObjectMeta meta) {
        ObjectMeta[] displaced = new ObjectMeta[1];
        entries.compute(meta.key(), (k, current) -> {
            if (current != null && current.version() >= meta.version()) {
                displaced[0] = meta;
                return current;
            }
            displaced[0] = current;
            return meta;
        });
        return displaced[0];
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

    /**
     * Entries now, for statistics: while writes are in flight it may lag what {@link #get} sees (a
     * concurrent map's count is not linearizable, as Lincheck shows), so nothing decides on it.
     */
    public int size() {
        return entries.size();
    }

    private static boolean holds(@Nullable ObjectMeta current, long expectedVersion) {
        if (expectedVersion == ANY_VERSION) {
            return true;
        }
        if (expectedVersion == ABSENT) {
            return current == null;
        }
        return current != null && current.version() == expectedVersion;
    }

    /**
     * The result of a {@link #commit}.
     *
     * @param superseded the write committed but a later-numbered one had already committed: it is
     *     {@code replaced} itself, never current, and its storage is released at once
     */
    public record CommitOutcome(boolean committed, @Nullable ObjectMeta replaced, boolean superseded) {

        static CommitOutcome conflict() {
            return new CommitOutcome(false, null, false);
        }

        static CommitOutcome committed(ObjectMeta replaced) {
            return new CommitOutcome(true, replaced, false);
        }

        static CommitOutcome supersededOnArrival(ObjectMeta candidate) {
            return new CommitOutcome(true, candidate, true);
        }
    }
}
