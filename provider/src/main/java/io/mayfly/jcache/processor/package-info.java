/** Entry processors: the mutable entry they see and how their changes are applied. */
@NullMarked
package io.mayfly.jcache.processor;

import org.jspecify.annotations.NullMarked;
