/** Expiry policies turned into the absolute expiry times the store keeps as metadata. */
@NullMarked
package io.mayfly.jcache.expiry;

import org.jspecify.annotations.NullMarked;
