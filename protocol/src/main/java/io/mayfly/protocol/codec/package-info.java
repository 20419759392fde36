/**
 * Frames on the wire: the frame and message codecs, their limits, and protocol violations. Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.protocol.codec;

import org.jspecify.annotations.NullMarked;
