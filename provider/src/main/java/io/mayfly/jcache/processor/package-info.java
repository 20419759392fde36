/** Entry processors: the mutable entry they see and how their changes are applied. */
package io.mayfly.jcache.processor;
