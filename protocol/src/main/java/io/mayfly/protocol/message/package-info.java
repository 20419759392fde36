/**
 * Every message type, its body layout and its wire code. Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.protocol.message;

import org.jspecify.annotations.NullMarked;
