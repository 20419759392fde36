/** Read-through and write-through: calling the CacheLoader and CacheWriter with JSR-107's exception wrapping. */
@NullMarked
package io.mayfly.jcache.integration;

import org.jspecify.annotations.NullMarked;
