/**
 * JMH benchmarks of Reed-Solomon coding: encode and decode on the vector and scalar paths, and
 * the plain copy of the same bytes as a baseline.
 */
@NullMarked
package io.mayfly.benchmarks.erasure;

import org.jspecify.annotations.NullMarked;
