/** The standard CacheStatistics and CacheConfiguration MXBeans and their registration. */
package io.mayfly.jcache.management;
