/** Per-cache configuration ({@code MayflyConfiguration}) and the cache manager's resolved settings file. */
package io.mayfly.jcache.configuration;
