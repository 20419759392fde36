package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.billing.BillingMeter;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** What every function's pool shares: timers, the launcher thread, the event channel, the meter. */
record PoolServices(
        ScheduledExecutorService scheduler,
        Executor starter,
        Executor events,
        Consumer<InstanceEvent> eventSink,
        BillingMeter billing,
        InstanceFactory factory,
        Duration initTimeout,
        String region,
        String accountId,
        AtomicLong instanceCounter) {

    String nextInstanceId() {
        return "i-" + instanceCounter.incrementAndGet();
    }

    String functionArn(String functionName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    /** Makes the instance object for a mode; {@link FunctionInstance#start()} does the work. */
    @FunctionalInterface
    interface InstanceFactory {
        FunctionInstance create(String id, io.mayfly.lambda.local.FunctionDefinition function, InstanceHost host);
    }
}
