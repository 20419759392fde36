/**
 * The one registry of settings: every {@code mayfly.*} key (and Hibernate's and the function's)
 * with its type, default, bounds and one line of doc, read by every module and the source of the
 * generated configuration docs. Checked by NullAway: nothing here is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.mayfly.settings;

import org.jspecify.annotations.NullMarked;
