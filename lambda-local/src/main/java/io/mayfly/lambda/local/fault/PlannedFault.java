package io.mayfly.lambda.local.fault;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One fault of a plan, at a simulated instant.
 *
 * @param function the function it targets; null for a fault that picks among every function
 *                 (mid-invocation kills, stragglers) or targets none (proxy restarts)
 * @param slot     for a reclaim: which of the function's live instances, oldest first (0 = oldest);
 *                 a reclaim whose slot is empty at its time is skipped, which keeps the rate per
 *                 live instance-hour whatever the number of instances
 * @param pick     a seeded number that chooses the target among candidates found at run time
 * @param hold     how long a straggler stays frozen (simulated); zero for other kinds
 */
public record PlannedFault(
        Duration at, FaultKind kind, @Nullable String function, int slot, long pick, Duration hold) {}
