/**
 * Workloads for the load driver: a synthetic trace shaped like the InfiniCache paper's Docker
 * registry trace ({@link io.mayfly.benchmarks.trace.SyntheticTraceGenerator}, knobs and sources in
 * {@link io.mayfly.benchmarks.trace.SyntheticTraceSpec}), user CSV traces, and the trace facts the
 * paper reports, measured on any trace ({@link io.mayfly.benchmarks.trace.TraceShape}).
 */
@NullMarked
package io.mayfly.benchmarks.trace;

import org.jspecify.annotations.NullMarked;
