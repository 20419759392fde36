/** Per-cache configuration ({@code MayflyConfiguration}) and the cache manager's resolved settings file. */
@NullMarked
package io.mayfly.jcache.configuration;

import org.jspecify.annotations.NullMarked;
