/** What a region does when the cache fails: fail-open (a miss) or fail-closed (an error). */
@NullMarked
package io.mayfly.hibernate.resilience;

import org.jspecify.annotations.NullMarked;
