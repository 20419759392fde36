/**
 * The proxy's metadata index: which object versions exist, where their shards are, the small-value
 * tier kept in the proxy itself, pinning and eviction.
 */
@NullMarked
package io.mayfly.proxy.index;

import org.jspecify.annotations.NullMarked;
