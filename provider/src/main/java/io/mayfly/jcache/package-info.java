/** Mayfly's JCache (JSR-107) caches and cache managers over the byte-level {@code io.mayfly.client} store. */
@NullMarked
package io.mayfly.jcache;

import org.jspecify.annotations.NullMarked;
