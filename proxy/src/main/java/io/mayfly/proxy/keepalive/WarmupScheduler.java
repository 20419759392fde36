package io.mayfly.proxy.keepalive;

import io.mayfly.protocol.invoke.NodeServeSummary;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodePool;
import io.mayfly.proxy.node.NodeState;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm-up (InfiniCache, FAST '20, section 4.1): a node idle for {@code warmupIntervalMs} is
 * invoked with the warm-up command, which lambda-node answers at once, inside its first billing
 * window, so Lambda keeps the instance and its memory. Only idle nodes whose last invocation has
 * returned are warmed (the pool refuses others), so a warm-up never races a serve onto a second,
 * empty instance.
 *
 * <p>The warm-up's answer names the instance it ran on. When that is not the instance that last
 * served, the memory may be gone: with repair on, the node is invoked to serve, and its HELLO
 * digest tells {@link RepairScheduler} what it lacks.
 */
public final class WarmupScheduler {

    private static final Logger log = LoggerFactory.getLogger(WarmupScheduler.class);

    private final NodePool<NodeChannel> pool;
    private final KeepAliveCounters counters;
    private final IntFunction<byte[]> warmupPayload;
    private final long intervalNanos;
    private final boolean probeChangedInstances;
    private final ScheduledFuture<?> ticks;

    WarmupScheduler(
            NodePool<NodeChannel> pool,
            KeepAliveCounters counters,
            IntFunction<byte[]> warmupPayload,
            long intervalMs,
            boolean probeChangedInstances,
            ScheduledExecutorService executor) {
        this.pool = pool;
        this.counters = counters;
        this.warmupPayload = warmupPayload;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.probeChangedInstances = probeChangedInstances;
        // A quarter of the interval: a node is warmed at most 25% late.
        long tickMs = Math.max(10, Math.min(intervalMs / 4, 5_000));
        this.ticks = executor.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        for (int node = 0; node < pool.size(); node++) {
            if (pool.state(node) == NodeState.IDLE && now - pool.lastActiveNanos(node) >= intervalNanos) {
                warm(node);
            }
        }
    }

    /** Warms one node now if it is idle; null when it is not. */
    public @Nullable CompletableFuture<NodeInvoker.InvocationResult> warm(int node) {
        String servedBy = pool.instanceId(node);
        CompletableFuture<NodeInvoker.InvocationResult> result = pool.warmUp(node, warmupPayload.apply(node));
        if (result == null) {
            return null;
        }
        result.whenComplete((r, error) -> {
            if (error != null || r.failed()) {
                log.info(
                        "warm-up of node {} failed: {}",
                        pool.name(node),
                        error != null ? error.toString() : r.functionError());
                return;
            }
            counters.warmups.incrementAndGet();
            String warmed = instanceOf(r);
            log.debug("warmed node {} (instance {})", pool.name(node), warmed);
            if (probeChangedInstances && warmed != null && servedBy != null && !warmed.equals(servedBy)) {
                log.info(
                        "node {}: warm-up ran on instance {}, not {} which last served: checking its memory",
                        pool.name(node),
                        warmed,
                        servedBy);
                pool.serving(node);
            }
        });
        return result;
    }

    private static @Nullable String instanceOf(NodeInvoker.InvocationResult result) {
        try {
            return NodeServeSummary.fromJson(new String(result.payload(), StandardCharsets.UTF_8))
                    .instanceId();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void close() {
        ticks.cancel(false);
    }
}
