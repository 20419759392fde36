/**
 * Start-up diagnostics: the failure analyzer that turns Mayfly's start errors into Boot's report,
 * and the pool check. Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.spring.diagnostics;

import org.jspecify.annotations.NullMarked;
