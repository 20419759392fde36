/**
 * The availability report: a workload of writes and continuous reads against a Mayfly proxy on
 * lambda-local, under a seeded fault schedule in compressed time, measured per simulated hour
 * (correct reads, misses, wrong bytes, values lost, repair, and what warm-ups and backups cost).
 */
@NullMarked
package io.mayfly.benchmarks.availability;

import org.jspecify.annotations.NullMarked;
