/** Read-through and write-through: calling the CacheLoader and CacheWriter with JSR-107's exception wrapping. */
package io.mayfly.jcache.integration;
