/** The {@link javax.cache.spi.CachingProvider}, registered through {@code META-INF/services}. */
package io.mayfly.jcache.spi;
