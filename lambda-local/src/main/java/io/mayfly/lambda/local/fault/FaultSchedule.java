package io.mayfly.lambda.local.fault;

import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link FaultPlan} against a local Lambda service, on one thread of its own, at
 * the plan's simulated instants as a {@link SimulatedClock} maps them to the wall clock.
 * Targets are found when a fault is due (which instance is oldest, which is busy now), so the
 * plan is reproducible and its effects are as reproducible as the workload's timing allows.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.builder(42, Duration.ofHours(3), names).reclaimsPerInstanceHour(0.5).plan();
 * try (FaultSchedule faults = FaultSchedule.start(lambda.control(), plan, new SimulatedClock(60),
 *         ExternalFaults.NONE)) {
 *     faults.done().join();
 * }
 * }</pre>
 */
public final class FaultSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultSchedule.class);
    private static final long BUSY_POLL_MILLIS = 5;

    private final InstanceControl control;
    private final FaultPlan plan;
    private final SimulatedClock clock;
    private final ExternalFaults external;
    private final ScheduledThreadPoolExecutor thread;
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final List<FaultOutcome> outcomes = new ArrayList<>();
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger remaining;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean closed;

    private FaultSchedule(InstanceControl control, FaultPlan plan, SimulatedClock clock, ExternalFaults external) {
        this.control = Objects.requireNonNull(control, "control");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.external = Objects.requireNonNull(external, "external");
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lambda-local-faults");
            t.setDaemon(true);
            return t;
        });
        this.thread.setRemoveOnCancelPolicy(true);
        this.remaining = new AtomicInteger(plan.faults().size());
    }

    /** Starts carrying out the plan, measured from the clock's origin. */
    public static FaultSchedule start(
            InstanceControl control, FaultPlan plan, SimulatedClock clock, ExternalFaults external) {
        return start(control, plan, clock, external, null);
    }

    /** As {@link #start(InstanceControl, FaultPlan, SimulatedClock, ExternalFaults)}, with a listener from the first fault on. */
    public static FaultSchedule start(
            InstanceControl control,
            FaultPlan plan,
            SimulatedClock clock,
            ExternalFaults external,
            @Nullable FaultListener listener) {
        FaultSchedule schedule = new FaultSchedule(control, plan, clock, external);
        if (listener != null) {
            schedule.listeners.add(listener);
        }
        if (plan.faults().isEmpty()) {
            schedule.done.complete(null);
        }
        for (PlannedFault fault : plan.faults()) {
            schedule.thread.schedule(
                    () -> schedule.carryOut(fault),
                    Math.max(0, clock.wallNanosUntil(fault.at())),
                    TimeUnit.NANOSECONDS);
        }
        log.info("fault schedule started: {} at {}", plan, clock);
        return schedule;
    }

    public FaultPlan plan() {
        return plan;
    }

    public SimulatedClock clock() {
        return clock;
    }

    public void addListener(FaultListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Completes once every planned fault has been carried out or skipped. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** A snapshot of the outcomes so far, in the order they happened. */
    public List<FaultOutcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    private void carryOut(PlannedFault fault) {
        if (closed) {
            return;
        }
        try {
            switch (fault.kind()) {
                case RECLAIM -> reclaim(fault);
                case KILL_MID_INVOCATION -> killBusy(fault, System.nanoTime() + busyWaitNanos());
                case STRAGGLE -> straggle(fault);
                case DROP_CONNECTION -> dropConnection(fault);
                case RESTART_PROXY -> {
                    String what = external.restartProxy();
                    finish(fault, what != null, null, what != null ? what : "the embedder does not restart its proxy");
                }
            }
        } catch (RuntimeException e) {
            log.warn("fault {} failed", fault, e);
            finish(fault, false, null, "failed: " + e);
        }
    }

    private void dropConnection(PlannedFault fault) {
        String function = fault.function();
        if (function == null) {
            finish(fault, false, null, "no function named to drop the connection of");
            return;
        }
        String what = external.dropConnection(function);
        finish(
                fault,
                what != null,
                null,
                what != null
                        ? what
                        : "no connection of " + function + " to drop (or the embedder does not drop connections)");
    }

    private void reclaim(PlannedFault fault) {
        String function = fault.function();
        if (function == null) {
            finish(fault, false, null, "no function named to reclaim an instance of");
            return;
        }
        List<InstanceInfo> live = live(control.instances(function));
        if (fault.slot() >= live.size()) {
            finish(
                    fault,
                    false,
                    null,
                    "slot " + fault.slot() + " of " + function + " is empty (" + live.size() + " live)");
            return;
        }
        InstanceInfo victim = live.get(fault.slot());
        boolean reclaimed = control.reclaim(victim.id());
        finish(
                fault,
                reclaimed,
                victim.id(),
                (reclaimed ? "reclaimed " : "already gone: ") + victim.id() + " of " + function + " (" + victim.state()
                        + ")");
    }

    private void killBusy(PlannedFault fault, long deadlineNanos) {
        if (closed) {
            return;
        }
        List<InstanceInfo> busy = control.instances().stream()
                .filter(i -> i.state() == InstanceState.BUSY)
                .sorted(ORDER)
                .toList();
        if (busy.isEmpty()) {
            if (System.nanoTime() < deadlineNanos) {
                thread.schedule(() -> killBusy(fault, deadlineNanos), BUSY_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                finish(fault, false, null, "no instance was busy within a simulated minute");
            }
            return;
        }
        InstanceInfo victim = busy.get((int) Math.floorMod(fault.pick(), (long) busy.size()));
        boolean killed = control.reclaim(victim.id());
        finish(
                fault,
                killed,
                victim.id(),
                (killed ? "killed busy " : "already gone: ") + victim.id() + " of " + victim.function());
    }

    private void straggle(PlannedFault fault) {
        List<InstanceInfo> candidates = control.instances().stream()
                .filter(i -> i.state() == InstanceState.BUSY || i.state() == InstanceState.IDLE)
                .sorted(ORDER)
                .toList();
        if (candidates.isEmpty()) {
            finish(fault, false, null, "no live instance to hold");
            return;
        }
        InstanceInfo victim = candidates.get((int) Math.floorMod(fault.pick(), (long) candidates.size()));
        if (!control.freeze(victim.id())) {
            finish(fault, false, victim.id(), "already gone: " + victim.id());
            return;
        }
        frozen.add(victim.id());
        thread.schedule(
                () -> {
                    if (frozen.remove(victim.id())) {
                        control.resume(victim.id());
                    }
                },
                clock.toWall(fault.hold()).toNanos(),
                TimeUnit.NANOSECONDS);
        finish(fault, true, victim.id(), "froze " + victim.id() + " of " + victim.function() + " for " + fault.hold());
    }

    private void finish(PlannedFault fault, boolean applied, @Nullable String instanceId, String detail) {
        FaultOutcome outcome = new FaultOutcome(fault, clock.now(), applied, instanceId, detail);
        synchronized (outcomes) {
            outcomes.add(outcome);
        }
        log.info("fault at {} ({} planned at {}): {}", outcome.executedAt(), fault.kind(), fault.at(), detail);
        for (FaultListener l : listeners) {
            try {
                l.onFault(outcome);
            } catch (RuntimeException e) {
                log.warn("fault listener {} failed on {}", l, outcome, e);
            }
        }
        if (remaining.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    private long busyWaitNanos() {
        long oneSimulatedMinute = clock.toWall(Duration.ofMinutes(1)).toNanos();
        return Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(TimeUnit.SECONDS.toNanos(5), oneSimulatedMinute));
    }

    private static final Comparator<InstanceInfo> ORDER = Comparator.comparing(InstanceInfo::startedAt)
            .thenComparingLong(i -> ordinal(i.id()))
            .thenComparing(InstanceInfo::id);

    private static List<InstanceInfo> live(List<InstanceInfo> instances) {
        return instances.stream()
                .filter(i -> i.state() != InstanceState.TERMINATED)
                .sorted(ORDER)
                .toList();
    }

    /** lambda-local's ids are "i-<n>" in launch order; anything else sorts by name. */
    private static long ordinal(String id) {
        try {
            return Long.parseLong(id.substring(id.indexOf('-') + 1));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Stops carrying out faults and resumes every instance this schedule froze; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String id : List.copyOf(frozen)) {
            frozen.remove(id);
            control.resume(id);
        }
        done.complete(null);
    }
}
