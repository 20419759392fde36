/**
 * What the load driver replays against: Redis, started here on loopback as the ElastiCache
 * stand-in, and any JCache provider chosen by class name (Mayfly's among them).
 */
@NullMarked
package io.mayfly.benchmarks.targets;

import org.jspecify.annotations.NullMarked;
