package io.mayfly.jcache.processor;

/** What an entry processor did to its entry, decided when it returns. */
public enum EntryAction {
    /** Nothing observable: no read of a present value, no change. */
    NONE,
    /** Read a present value. */
    READ,
    /** Read a value the loader supplied; it is stored without calling the writer. */
    LOADED,
    /** Set a value where none was. */
    CREATED,
    /** Set a value over an existing one. */
    UPDATED,
    /** Removed the value; the writer's delete is called even when there was none. */
    REMOVED
}
