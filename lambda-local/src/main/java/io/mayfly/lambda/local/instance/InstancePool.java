package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.FunctionDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one function and Lambda's scaling rules over them: one invocation per
 * instance at a time; an invocation finding every instance busy starts a new one, up to the
 * concurrency limit; past it a synchronous invocation is throttled and an Event invocation waits
 * in the function's queue. Timeouts kill the instance, idle instances are reclaimed, old ones
 * retired. All state is guarded by this object's lock; futures are completed after it is released.
 */
final class InstancePool {
    private static final Logger log = LoggerFactory.getLogger(InstancePool.class);

    /** How a submitted invocation was taken. */
    enum Admission {
        ACCEPTED,
        QUEUED,
        THROTTLED,
        CLOSED
    }

    // Replaced only by a change of the concurrency limit, which keeps the instances.
    private volatile FunctionDefinition function;
    private final PoolServices services;
    private final String functionArn;
    private final List<FunctionInstance> instances = new ArrayList<>();
    private final ArrayDeque<Invocation> queuedEvents = new ArrayDeque<>();
    private boolean closed;

    InstancePool(FunctionDefinition function, PoolServices services) {
        this.function = function;
        this.services = services;
        this.functionArn = services.functionArn(function.name());
    }

    synchronized FunctionDefinition function() {
        return function;
    }

    /** A new concurrency limit; running instances stay, as on Lambda. */
    synchronized void concurrencyLimit(int limit) {
        function = function.toBuilder().concurrencyLimit(limit).build();
    }

    Admission submit(Invocation invocation) {
        synchronized (this) {
            if (closed) {
                return Admission.CLOSED;
            }
            if (invocation.asynchronous() && !queuedEvents.isEmpty()) {
                queuedEvents.addLast(invocation);
                return Admission.QUEUED;
            }
            if (place(invocation)) {
                return Admission.ACCEPTED;
            }
            if (invocation.asynchronous()) {
                queuedEvents.addLast(invocation);
                return Admission.QUEUED;
            }
            return Admission.THROTTLED;
        }
    }

    synchronized List<InstanceInfo> list() {
        List<InstanceInfo> out = new ArrayList<>(instances.size());
        instances.forEach(i -> out.add(i.info()));
        return out;
    }

    synchronized @Nullable FunctionInstance find(String instanceId) {
        for (FunctionInstance i : instances) {
            if (i.id.equals(instanceId)) {
                return i;
            }
        }
        return null;
    }

    /** Kills an instance as Lambda may at any time; its in-flight invocation fails as a runtime exit. */
    boolean reclaim(String instanceId) {
        Completions done = new Completions();
        FunctionInstance victim;
        synchronized (this) {
            victim = find(instanceId);
            if (victim == null) {
                return false;
            }
            failCurrent(victim, exitError(victim, "signal: killed"), done);
            terminateLocked(victim, TerminationReason.RECLAIMED, done);
        }
        done.run();
        return true;
    }

    /**
     * Holds an instance: it gets no new invocation, and the completion of its in-flight one is
     * withheld until {@link #resume}. Process mode also stops the JVM (SIGSTOP).
     */
    boolean freeze(String instanceId) {
        synchronized (this) {
            FunctionInstance i = find(instanceId);
            if (i == null) {
                return false;
            }
            if (!i.frozen) {
                i.frozen = true;
                i.suspend();
                emit(InstanceEvent.Type.FROZEN, i, null);
                log.info("instance {} of {} frozen", i.id, function.name());
            }
            return true;
        }
    }

    boolean resume(String instanceId) {
        Completions done = new Completions();
        synchronized (this) {
            FunctionInstance i = find(instanceId);
            if (i == null) {
                return false;
            }
            if (i.frozen) {
                i.frozen = false;
                i.resumeExecution();
                emit(InstanceEvent.Type.RESUMED, i, null);
                log.info("instance {} of {} resumed", i.id, function.name());
                InvocationResult withheld = i.withheld;
                Invocation current = i.current;
                // A result is withheld only while its invocation is current: every other end of it terminates.
                if (withheld != null && current != null) {
                    i.withheld = null;
                    finish(i, current, withheld, done);
                } else if (i.state == InstanceState.IDLE) {
                    becomeIdle(i);
                }
            }
        }
        done.run();
        return true;
    }

    /** Ends every instance now and fails whatever is in flight or queued. */
    void close(TerminationReason reason) {
        Completions done = new Completions();
        List<FunctionInstance> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(instances);
            for (FunctionInstance i : all) {
                failCurrent(i, exitError(i, "service closed"), done);
                markTerminated(i, reason);
            }
            instances.clear();
            for (Invocation queued : queuedEvents) {
                done.add(
                        queued,
                        InvocationResult.error(
                                "Runtime.ExitError",
                                "RequestId: " + queued.requestId() + " Error: the local Lambda service closed",
                                null));
            }
            queuedEvents.clear();
        }
        done.run();
        // Directly, not on the starter: close() must return with every child JVM gone.
        all.forEach(FunctionInstance::terminate);
    }

    // ---- reports from instances ----------------------------------------------------------

    final InstanceHost host = new InstanceHost() {
        @Override
        public void ready(FunctionInstance instance) {
            long delayNanos = function.coldStartDelay().toNanos();
            if (delayNanos > 0) {
                services.scheduler().schedule(() -> becomeReady(instance), delayNanos, TimeUnit.NANOSECONDS);
            } else {
                becomeReady(instance);
            }
        }

        @Override
        public void completed(FunctionInstance instance, String requestId, InvocationResult result) {
            Completions done = new Completions();
            synchronized (InstancePool.this) {
                Invocation current = instance.current;
                if (instance.state != InstanceState.BUSY
                        || current == null
                        || !current.requestId().equals(requestId)) {
                    log.debug("late result for {} from instance {} ignored", requestId, instance.id);
                    return;
                }
                if (instance.frozen) {
                    instance.withheld = result;
                    return;
                }
                finish(instance, current, result, done);
            }
            done.run();
        }

        @Override
        public void initFailed(FunctionInstance instance, byte[] errorBody) {
            Completions done = new Completions();
            synchronized (InstancePool.this) {
                if (instance.state == InstanceState.TERMINATED) {
                    return;
                }
                log.info(
                        "instance {} of {} failed to initialise: {}",
                        instance.id,
                        function.name(),
                        new String(errorBody, java.nio.charset.StandardCharsets.UTF_8));
                failCurrent(instance, InvocationResult.error(errorBody, instance.id), done);
                terminateLocked(instance, TerminationReason.INIT_FAILED, done);
            }
            done.run();
        }

        @Override
        public void died(FunctionInstance instance, String description) {
            Completions done = new Completions();
            synchronized (InstancePool.this) {
                if (instance.state == InstanceState.TERMINATED) {
                    return;
                }
                log.info("instance {} of {} died: {}", instance.id, function.name(), description);
                failCurrent(instance, exitError(instance, description), done);
                terminateLocked(instance, TerminationReason.CRASHED, done);
            }
            done.run();
        }
    };

    // ---- internals, called with the lock held ---------------------------------------------

    private boolean place(Invocation invocation) {
        FunctionInstance warm = null;
        for (FunctionInstance i : instances) {
            // The most recently used idle instance: the others age towards reclaim, as on Lambda.
            if (i.state == InstanceState.IDLE
                    && !i.frozen
                    && !i.retiring
                    && (warm == null || i.lastIdleNanos > warm.lastIdleNanos)) {
                warm = i;
            }
        }
        if (warm != null) {
            dispatch(warm, invocation);
            return true;
        }
        if (instances.size() < function.concurrencyLimit()) {
            launch(invocation);
            return true;
        }
        return false;
    }

    private void launch(Invocation first) {
        FunctionInstance instance = services.factory().create(services.nextInstanceId(), function, host);
        instance.current = first;
        instances.add(instance);
        instance.timeoutTask = services.scheduler()
                .schedule(() -> initTimedOut(instance), services.initTimeout().toMillis(), TimeUnit.MILLISECONDS);
        function.maxLifetime()
                .ifPresent(d -> instance.lifetimeTask =
                        services.scheduler().schedule(() -> retire(instance), d.toMillis(), TimeUnit.MILLISECONDS));
        emit(InstanceEvent.Type.LAUNCHED, instance, null);
        log.info("cold start of instance {} of {} ({} mode)", instance.id, function.name(), function.instanceMode());
        services.starter().execute(() -> {
            try {
                instance.start();
            } catch (Throwable t) {
                host.initFailed(instance, InvocationResult.errorBody(t));
            }
        });
    }

    private void dispatch(FunctionInstance instance, Invocation invocation) {
        // One pending idle check per instance at most, or a busy pool would pile them up.
        cancel(instance.idleTask);
        instance.idleTask = null;
        instance.state = InstanceState.BUSY;
        instance.current = invocation;
        invocation.deliveredNanos = System.nanoTime();
        invocation.billing = services.billing()
                .started(
                        function.name(),
                        function.memoryMb(),
                        function.architecture(),
                        instance.id,
                        invocation.requestId(),
                        invocation.payload(),
                        invocation.deliveredNanos);
        invocation.deadlineEpochMs =
                System.currentTimeMillis() + function.timeout().toMillis();
        instance.timeoutTask = services.scheduler()
                .schedule(
                        () -> timedOut(instance, invocation), function.timeout().toNanos(), TimeUnit.NANOSECONDS);
        log.debug("invocation {} to instance {}", invocation.requestId(), instance.id);
        instance.deliver(invocation, functionArn);
    }

    private void becomeReady(FunctionInstance instance) {
        synchronized (this) {
            if (instance.state != InstanceState.STARTING) {
                return;
            }
            cancelTimer(instance);
            instance.coldStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - instance.startedNanos);
            emit(InstanceEvent.Type.READY, instance, null);
            log.info("instance {} of {} ready after {} ms", instance.id, function.name(), instance.coldStartMillis);
            Invocation first = instance.current;
            instance.current = null;
            if (first != null) {
                dispatch(instance, first);
            } else {
                becomeIdle(instance);
            }
        }
    }

    private void finish(FunctionInstance instance, Invocation invocation, InvocationResult result, Completions done) {
        cancelTimer(instance);
        bill(invocation);
        instance.invocations++;
        instance.current = null;
        done.add(invocation, result);
        if (instance.retiring) {
            terminateLocked(instance, TerminationReason.MAX_LIFETIME, done);
        } else {
            instance.state = InstanceState.IDLE;
            becomeIdle(instance);
        }
    }

    private void becomeIdle(FunctionInstance instance) {
        instance.lastIdleNanos = System.nanoTime();
        long epoch = ++instance.idleEpoch;
        cancel(instance.idleTask);
        instance.idleTask = services.scheduler()
                .schedule(
                        () -> reclaimIfStillIdle(instance, epoch),
                        function.idleReclaim().toMillis(),
                        TimeUnit.MILLISECONDS);
        if (!instance.frozen && !queuedEvents.isEmpty()) {
            dispatch(instance, queuedEvents.pollFirst());
        }
    }

    private void timedOut(FunctionInstance instance, Invocation invocation) {
        Completions done = new Completions();
        synchronized (this) {
            if (instance.current != invocation || instance.state != InstanceState.BUSY) {
                return;
            }
            bill(invocation);
            instance.invocations++;
            instance.current = null;
            // Lambda's own wording; the instance is then discarded, losing its memory.
            String message = String.format(
                    Locale.ROOT,
                    "RequestId: %s Error: Task timed out after %.2f seconds",
                    invocation.requestId(),
                    function.timeout().toMillis() / 1000.0);
            done.add(invocation, InvocationResult.error("Sandbox.Timedout", message, instance.id));
            log.info(
                    "invocation {} on instance {} of {} timed out after {}",
                    invocation.requestId(),
                    instance.id,
                    function.name(),
                    function.timeout());
            terminateLocked(instance, TerminationReason.TIMEOUT, done);
        }
        done.run();
    }

    private void initTimedOut(FunctionInstance instance) {
        Completions done = new Completions();
        synchronized (this) {
            if (instance.state != InstanceState.STARTING) {
                return;
            }
            log.info(
                    "instance {} of {} did not initialise within {}",
                    instance.id,
                    function.name(),
                    services.initTimeout());
            failCurrent(
                    instance,
                    InvocationResult.error(
                            "Runtime.InitTimeout",
                            "RequestId: "
                                    + (instance.current == null ? "" : instance.current.requestId())
                                    + " Error: runtime did not initialise within "
                                    + services.initTimeout().toSeconds()
                                    + " s (LocalLambdaService init timeout)",
                            instance.id),
                    done);
            terminateLocked(instance, TerminationReason.INIT_FAILED, done);
        }
        done.run();
    }

    private void reclaimIfStillIdle(FunctionInstance instance, long epoch) {
        Completions done = new Completions();
        synchronized (this) {
            if (instance.state != InstanceState.IDLE || instance.idleEpoch != epoch || instance.frozen) {
                return;
            }
            terminateLocked(instance, TerminationReason.IDLE_RECLAIMED, done);
        }
        done.run();
    }

    private void retire(FunctionInstance instance) {
        Completions done = new Completions();
        synchronized (this) {
            if (instance.state == InstanceState.TERMINATED) {
                return;
            }
            if (instance.state == InstanceState.IDLE) {
                terminateLocked(instance, TerminationReason.MAX_LIFETIME, done);
            } else {
                instance.retiring = true;
            }
        }
        done.run();
    }

    private void failCurrent(FunctionInstance instance, InvocationResult result, Completions done) {
        Invocation invocation = instance.current;
        if (invocation == null) {
            return;
        }
        if (instance.state == InstanceState.BUSY) {
            bill(invocation);
            instance.invocations++;
        }
        instance.current = null;
        done.add(invocation, result);
    }

    private void terminateLocked(FunctionInstance instance, TerminationReason reason, Completions done) {
        markTerminated(instance, reason);
        instances.remove(instance);
        // The runtime server's close must not run on its own event loop: end it elsewhere.
        services.starter().execute(instance::terminate);
        // A slot is free: queued Event invocations may start an instance now.
        while (!closed && !queuedEvents.isEmpty() && place(queuedEvents.peekFirst())) {
            queuedEvents.pollFirst();
        }
    }

    private void markTerminated(FunctionInstance instance, TerminationReason reason) {
        cancelTimer(instance);
        cancel(instance.idleTask);
        cancel(instance.lifetimeTask);
        instance.state = InstanceState.TERMINATED;
        emit(InstanceEvent.Type.TERMINATED, instance, reason);
        log.info("instance {} of {} terminated: {}", instance.id, function.name(), reason);
    }

    private static void cancel(java.util.concurrent.@Nullable ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void cancelTimer(FunctionInstance instance) {
        if (instance.timeoutTask != null) {
            instance.timeoutTask.cancel(false);
            instance.timeoutTask = null;
        }
    }

    private void bill(Invocation invocation) {
        // Started by dispatch; an invocation is billed once.
        services.billing().ended(Objects.requireNonNull(invocation.billing), System.nanoTime());
        invocation.billing = null;
    }

    private void emit(InstanceEvent.Type type, FunctionInstance instance, @Nullable TerminationReason reason) {
        InstanceEvent event = new InstanceEvent(type, instance.info(), reason);
        services.events().execute(() -> services.eventSink().accept(event));
    }

    private static InvocationResult exitError(FunctionInstance instance, String description) {
        String requestId = instance.current == null ? "" : instance.current.requestId();
        return InvocationResult.error(
                "Runtime.ExitError",
                "RequestId: " + requestId + " Error: Runtime exited with error: " + description,
                instance.id);
    }

    /** Futures to complete once the lock is released, so their callbacks never run under it. */
    private static final class Completions {
        private final List<Invocation> invocations = new ArrayList<>(1);
        private final List<InvocationResult> results = new ArrayList<>(1);

        void add(Invocation invocation, InvocationResult result) {
            invocations.add(invocation);
            results.add(result);
        }

        void run() {
            for (int i = 0; i < invocations.size(); i++) {
                invocations.get(i).result().complete(results.get(i));
            }
        }
    }
}
