/**
 * Lambda billing on the trace's own clock: the replay logs which functions served each request
 * ({@link io.mayfly.benchmarks.billing.ServiceRecorder}), and {@link
 * io.mayfly.benchmarks.billing.BillingSimulator} replays that log under a return policy (idle
 * linger, billing window, warm-up and backup schedule) at any request rate, so the bill does not
 * depend on how much the replay compressed time.
 */
@NullMarked
package io.mayfly.benchmarks.billing;

import org.jspecify.annotations.NullMarked;
