/** Spring's caching abstraction over Mayfly: fail-open error handling and cache resolution. */
@NullMarked
package io.mayfly.spring.cache;

import org.jspecify.annotations.NullMarked;
