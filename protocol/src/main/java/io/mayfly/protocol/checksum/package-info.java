/**
 * CRC32C of shard bytes and the digest of a node's inventory. Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.protocol.checksum;

import org.jspecify.annotations.NullMarked;
