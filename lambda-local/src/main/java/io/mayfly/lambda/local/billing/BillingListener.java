package io.mayfly.lambda.local.billing;

/**
 * Hears each invocation as it is billed. Called with the instance pool's lock held: record what
 * is needed and return; never call back into the service from here.
 */
@FunctionalInterface
public interface BillingListener {
    void billed(BillingMeter.BilledInvocation invocation);
}
