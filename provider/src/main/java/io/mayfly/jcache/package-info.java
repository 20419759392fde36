/** Mayfly's JCache (JSR-107) caches and cache managers over the byte-level {@code io.mayfly.client} store. */
package io.mayfly.jcache;
