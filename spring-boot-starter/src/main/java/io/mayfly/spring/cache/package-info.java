/** Spring's caching abstraction over Mayfly: fail-open error handling and cache resolution. */
package io.mayfly.spring.cache;
