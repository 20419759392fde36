/** Entry events and their dispatch: synchronous in the caller, asynchronous in per-key order. */
@NullMarked
package io.mayfly.jcache.event;

import org.jspecify.annotations.NullMarked;
