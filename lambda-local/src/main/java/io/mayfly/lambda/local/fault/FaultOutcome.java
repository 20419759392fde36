package io.mayfly.lambda.local.fault;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What became of one planned fault.
 *
 * @param executedAt simulated time at which it was carried out (or given up)
 * @param applied    false when it found no target (an empty slot, no busy instance, nothing to drop)
 * @param instanceId the instance it hit, or null
 * @param detail     a line for people
 */
public record FaultOutcome(
        PlannedFault fault,
        Duration executedAt,
        boolean applied,
        @Nullable String instanceId,
        String detail) {}
