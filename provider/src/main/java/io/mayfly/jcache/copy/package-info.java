/** Store-by-value: the pluggable serializer every key and value passes through. */
@NullMarked
package io.mayfly.jcache.copy;

import org.jspecify.annotations.NullMarked;
