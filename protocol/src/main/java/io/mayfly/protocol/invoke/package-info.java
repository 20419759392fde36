/**
 * The invocation payload a node is invoked with and the summary it returns (flat JSON). Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.protocol.invoke;

import org.jspecify.annotations.NullMarked;
