package io.mayfly.benchmarks.targets;

import io.mayfly.benchmarks.cost.KeepAliveMeasurement;
import io.mayfly.lambda.local.billing.BillingListener;
import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.keepalive.BackupRelay;
import io.mayfly.proxy.keepalive.KeepAlive;
import io.mayfly.proxy.keepalive.WarmupScheduler;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs on-demand keep-alive rounds on an embedded proxy after a replay and reads each
 * invocation's billed ms from the billing meter of the lambda-local its functions run on: one
 * warm-up round, then two backup rounds, over the nodes holding data.
 *
 * <p>The proxy's lambda-local labels each invocation with its command, so a warm-up is the first
 * {@code warmup} invocation of the node's function billed after it was issued, and a backup the
 * first {@code backup} invocation (its second instance's) billed after it started.
 */
final class KeepAliveRounds {
    /** Beyond the longest linger, for a node's invocation to end and be billed. */
    private static final long RETURN_MARGIN_MS = 15_000;
    /** The longest one backup may take; the first round copies each node's data at repair's pace. */
    private static final long BACKUP_TIMEOUT_MS = 300_000;
    /** How long a finished invocation may take to reach the meter. */
    private static final long BILLING_WAIT_MS = 10_000;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String target;
    private final ProxyServer server;
    private final BillingMeter meter;
    private final ConcurrentLinkedQueue<Billed> billed = new ConcurrentLinkedQueue<>();

    private record Billed(String function, String label, long billedMillis, long atNanos) {}

    KeepAliveRounds(String target, ProxyServer server, BillingMeter meter) {
        this.target = target;
        this.server = server;
        this.meter = meter;
    }

    KeepAliveMeasurement run() {
        List<Integer> nodes = new ArrayList<>();
        for (int node = 0; node < server.poolSize(); node++) {
            if (server.nodeUsedBytes(node) > 0) {
                nodes.add(node);
            }
        }
        int memoryMb = server.settings().functionMemoryMb();
        KeepAlive keepAlive = server.keepAlive();
        if (nodes.isEmpty()) {
            return new KeepAliveMeasurement(
                    target,
                    memoryMb,
                    0,
                    Double.NaN,
                    0,
                    Double.NaN,
                    0,
                    Double.NaN,
                    nodes.isEmpty()
                            ? "no node holds data (every value stayed in the proxy tier)"
                            : "the proxy has no keep-alive mechanisms");
        }
        BillingListener listener = invocation -> billed.add(
                new Billed(invocation.function(), invocation.label(), invocation.billedMillis(), System.nanoTime()));
        meter.addListener(listener);
        try {
            List<String> notes = new ArrayList<>();
            List<Long> warmups = keepAlive.warmups() == null ? List.of() : warmups(keepAlive.warmups(), nodes, notes);
            if (keepAlive.warmups() == null) {
                notes.add("warm-ups are off on this proxy");
            }
            List<Long> full = backups(keepAlive.backups(), nodes, notes);
            List<Long> delta = backups(keepAlive.backups(), nodes, notes);
            return new KeepAliveMeasurement(
                    target,
                    memoryMb,
                    warmups.size(),
                    mean(warmups),
                    full.size(),
                    mean(full),
                    delta.size(),
                    mean(delta),
                    String.join("; ", notes));
        } finally {
            meter.removeListener(listener);
        }
    }

    /**
     * Warms each node as soon as it is idle (its serve invocation returns after its linger, the burst
     * linger at most), within that plus a margin; returns the billed ms of the warm-ups that completed.
     */
    private List<Long> warmups(WarmupScheduler scheduler, List<Integer> nodes, List<String> notes) {
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(server.settings().billing().longestLingerMs() + RETURN_MARGIN_MS);
        Map<Integer, Long> issuedAt = new LinkedHashMap<>();
        Map<Integer, CompletableFuture<NodeInvoker.InvocationResult>> results = new LinkedHashMap<>();
        while (issuedAt.size() < nodes.size() && System.nanoTime() < deadline) {
            for (int node : nodes) {
                if (!issuedAt.containsKey(node) && server.nodeState(node) == NodeState.IDLE) {
                    long at = System.nanoTime();
                    CompletableFuture<NodeInvoker.InvocationResult> result = scheduler.warm(node);
                    if (result != null) {
                        issuedAt.put(node, at);
                        results.put(node, result);
                    }
                }
            }
            if (issuedAt.size() < nodes.size()) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        if (issuedAt.size() < nodes.size()) {
            notes.add((nodes.size() - issuedAt.size()) + " of " + nodes.size()
                    + " nodes were not idle in time for a warm-up");
        }
        List<Long> millis = new ArrayList<>();
        for (Map.Entry<Integer, CompletableFuture<NodeInvoker.InvocationResult>> e : results.entrySet()) {
            NodeInvoker.InvocationResult result = await(e.getValue(), BILLING_WAIT_MS + RETURN_MARGIN_MS);
            if (result == null || result.failed()) {
                notes.add("warm-up of " + server.nodeName(e.getKey()) + " failed");
                continue;
            }
            Billed b = firstBilled(
                    server.nodeName(e.getKey()),
                    NodeCommand.WARMUP,
                    Objects.requireNonNull(issuedAt.get(e.getKey()), "every warm-up has an issue time"));
            if (b != null) {
                millis.add(b.billedMillis());
            }
        }
        return millis;
    }

    /** Backs up each node in turn; returns the billed ms of each backup's second instance. */
    private List<Long> backups(BackupRelay relay, List<Integer> nodes, List<String> notes) {
        List<Long> millis = new ArrayList<>();
        for (int node : nodes) {
            String function = server.nodeName(node);
            long start = System.nanoTime();
            BackupRelay.Outcome outcome = await(relay.backup(node), BACKUP_TIMEOUT_MS);
            if (outcome == null || outcome.secondInstanceId() == null) {
                notes.add("backup of " + function + (outcome == null ? " failed" : " found no second instance"));
                continue;
            }
            Billed b = firstBilled(function, NodeCommand.BACKUP, start);
            if (b != null) {
                millis.add(b.billedMillis());
            } else {
                notes.add("backup of " + function + " was not billed within " + BILLING_WAIT_MS + " ms");
            }
        }
        return millis;
    }

    /** The first {@code command} invocation of the function billed since {@code sinceNanos}, waited for. */
    private @Nullable Billed firstBilled(String function, NodeCommand command, long sinceNanos) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BILLING_WAIT_MS);
        while (true) {
            for (Billed b : billed) {
                if (b.function().equals(function)
                        && b.label().equals(command.wireName())
                        && b.atNanos() - sinceNanos >= 0) {
                    return b;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static <T> @Nullable T await(CompletableFuture<T> future, long timeoutMs) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }
}
