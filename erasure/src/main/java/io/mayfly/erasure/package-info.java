/**
 * Reed-Solomon erasure coding over GF(2^8), shard-compatible with klauspost/reedsolomon and
 * Backblaze JavaReedSolomon. {@link io.mayfly.erasure.ReedSolomon} encodes, verifies and
 * reconstructs; {@link io.mayfly.erasure.ShardLayout} maps a value onto k equal shards.
 *
 * <p>Start the JVM with {@code --add-modules jdk.incubator.vector} for the SIMD path (several
 * times faster); without it the codec runs its scalar path and produces the same bytes. The
 * Vector API path runs 100x slower than scalar until C2 has compiled it, so by default
 * ({@link io.mayfly.erasure.CodingPath#AUTO}) a codec codes on the scalar kernel while one daemon
 * thread, {@code mayfly-erasure-warmup}, started by the first call, warms the vector kernel on
 * scratch shards; calls switch to the vector kernel once it is measured faster, and the thread
 * ends. {@code -Dmayfly.erasure.path=scalar|vector} forces one kernel with no warm-up.
 */
@NullMarked
package io.mayfly.erasure;

import org.jspecify.annotations.NullMarked;
