/**
 * JMH benchmark of the default serializer on each kind of value it treats differently, beside a
 * plain copy of the serialized bytes.
 */
@NullMarked
package io.mayfly.benchmarks.serialization;

import org.jspecify.annotations.NullMarked;
