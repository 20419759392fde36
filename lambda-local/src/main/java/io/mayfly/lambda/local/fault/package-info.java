/**
 * Fault injection in simulated time: a seeded {@link io.mayfly.lambda.local.fault.FaultPlan} of
 * reclaims (Poisson per instance-hour), kills in mid-invocation, stragglers, and the faults only
 * the embedder can cause (dropping a node's connection, restarting its proxy), carried out by a
 * {@link io.mayfly.lambda.local.fault.FaultSchedule} with time compressed by a
 * {@link io.mayfly.lambda.local.fault.SimulatedClock}.
 */
@NullMarked
package io.mayfly.lambda.local.fault;

import org.jspecify.annotations.NullMarked;
