/**
 * The {@code mayfly} component of Boot's health endpoint. Checked by NullAway: nothing here is
 * null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.spring.health;

import org.jspecify.annotations.NullMarked;
