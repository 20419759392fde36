/**
 * The byte-level client below JCache: versioned put, get and delete of opaque values through a
 * proxy. Knows nothing of {@code javax.cache}.
 */
@NullMarked
package io.mayfly.client;

import org.jspecify.annotations.NullMarked;
