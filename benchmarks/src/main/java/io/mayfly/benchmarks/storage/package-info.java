/**
 * Storage comparisons run as commands: get throughput and latency against Redis, the proxy's heap
 * high-water mark under a large value, and what TLS costs a get.
 */
@NullMarked
package io.mayfly.benchmarks.storage;

import org.jspecify.annotations.NullMarked;
