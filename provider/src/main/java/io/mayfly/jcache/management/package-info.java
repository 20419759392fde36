/** The standard CacheStatistics and CacheConfiguration MXBeans and their registration. */
@NullMarked
package io.mayfly.jcache.management;

import org.jspecify.annotations.NullMarked;
