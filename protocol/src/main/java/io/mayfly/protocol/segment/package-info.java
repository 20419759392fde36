/**
 * Values split into segments on the wire and reassembled within bounds. Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.protocol.segment;

import org.jspecify.annotations.NullMarked;
