/** Spring Boot auto-configuration of Mayfly's JCache CacheManager. */
@NullMarked
package io.mayfly.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
