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
  /** Removed an existing value. */
  REMOVED
}
