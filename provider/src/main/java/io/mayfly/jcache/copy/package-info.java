/** Store-by-value: the pluggable serializer every key and value passes through. */
package io.mayfly.jcache.copy;
