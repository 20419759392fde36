package io.mayfly.lambda.local.fault;

/** Hears each fault as it is carried out or skipped, on the schedule's thread; must not block for long. */
@FunctionalInterface
public interface FaultListener {
    void onFault(FaultOutcome outcome);
}
