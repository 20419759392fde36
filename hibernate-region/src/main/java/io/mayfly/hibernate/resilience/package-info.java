/** What a region does when the cache fails: fail-open (a miss) or fail-closed (an error). */
package io.mayfly.hibernate.resilience;
