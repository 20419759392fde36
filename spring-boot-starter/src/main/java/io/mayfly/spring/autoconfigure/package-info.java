/** Spring Boot auto-configuration of Mayfly's JCache CacheManager. */
package io.mayfly.spring.autoconfigure;
