/**
 * Reed-Solomon erasure coding over GF(2^8), shard-compatible with klauspost/reedsolomon and
 * Backblaze JavaReedSolomon. {@link io.mayfly.erasure.ReedSolomon} encodes, verifies and
 * reconstructs; {@link io.mayfly.erasure.ShardLayout} maps a value onto k equal shards.
 *
 * <p>Start the JVM with {@code --add-modules jdk.incubator.vector} for the SIMD path (several
 * times faster); without it the codec runs its scalar path and produces the same bytes. Either
 * way the Vector API path is slow until the JIT has compiled it, so the first megabytes coded in
 * a fresh JVM cost more than the steady state.
 */
package io.mayfly.erasure;
