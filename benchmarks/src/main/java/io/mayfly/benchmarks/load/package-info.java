/**
 * The load driver's command line ({@link io.mayfly.benchmarks.load.LoadDriver}) and the replay
 * that measures each target with the same keys in the same order: HdrHistogram latencies per
 * size class, throughput, hit ratio, bytes stored.
 */
@NullMarked
package io.mayfly.benchmarks.load;

import org.jspecify.annotations.NullMarked;
