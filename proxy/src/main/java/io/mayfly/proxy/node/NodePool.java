package io.mayfly.proxy.node;

import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.message.ShardKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool of N functions and the state machine of each ({@link NodeState}).
 *
 * <p>A request for a node that is not serving invokes it with a fresh one-time token
 * ({@link NodeTokens}) and waits, up to the dial-back timeout, for the node to connect back and
 * present that token. Waiters get a future; nothing here blocks a thread. Deletes for a sleeping
 * node queue ({@link PendingDeletes}) and invoke it; they are sent before anything else on the new
 * link, so its memory bound never sees both the old and the new bytes of a value. A HELLO may also
 * come from a second instance a backup invoked ({@link SecondInstances}), which is handed to the
 * backup.
 *
 * @param <L> the link type of the server that owns the node connections
 */
public final class NodePool<L extends NodeLink> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodePool.class);

    /** How often {@link #onServing} invokes a node again after a request it could not send. */
    private static final int NOT_SENT_RETRIES = 3;

    private final List<FunctionNode> nodes;
    private final Map<String, FunctionNode> byName = new HashMap<>();
    private final NodeInvoker invoker;
    private final InvocationPayloads payloads;
    private final Duration dialBackTimeout;
    private final ScheduledExecutorService timer;
    /** The one-time token of each invoking node's serve invocation, granting that attempt. */
    private final NodeTokens<Long> serveTokens = new NodeTokens<>();

    private final SecondInstances<L> secondInstances;
    /** Deletes for nodes that do not serve, sent first on each one's next link. */
    private final PendingDeletes queuedDeletes;

    private volatile boolean closed;
    private volatile ConnectListener<L> connectListener = (node, report, link) -> {};
    private volatile java.util.function.IntConsumer demandListener = node -> {};

    /** Hears every node admitted as its function's serving instance (repair checks its memory). */
    @FunctionalInterface
    public interface ConnectListener<L> {
        void connected(int node, InstanceReport report, L link);
    }

    /** Writes the invocation payload for one node and token. */
    @FunctionalInterface
    public interface InvocationPayloads {
        /** The payload of a {@code serve} or {@code backup} invocation carrying a one-time token. */
        byte[] payload(NodeCommand command, String functionName, String token);
    }

    public NodePool(
            List<String> functionNames,
            NodeInvoker invoker,
            InvocationPayloads payloads,
            Duration dialBackTimeout,
            ScheduledExecutorService timer) {
        if (functionNames.isEmpty()) {
            throw new IllegalArgumentException("a node pool needs at least one function name");
        }
        List<FunctionNode> list = new ArrayList<>();
        for (int i = 0; i < functionNames.size(); i++) {
            FunctionNode node = new FunctionNode(i, functionNames.get(i));
            if (byName.put(node.name, node) != null) {
                throw new IllegalArgumentException("function name " + node.name + " appears twice in the pool");
            }
            list.add(node);
        }
        this.nodes = List.copyOf(list);
        this.queuedDeletes = new PendingDeletes(nodes.size());
        this.invoker = invoker;
        this.payloads = payloads;
        this.dialBackTimeout = dialBackTimeout;
        this.timer = timer;
        this.secondInstances = new SecondInstances<>(functionNames, invoker, payloads, dialBackTimeout, timer);
    }

    /** Adds a listener told of every admitted node (after those added before it). */
    public synchronized void connectListener(ConnectListener<L> listener) {
        ConnectListener<L> before = this.connectListener;
        this.connectListener = (node, report, link) -> {
            before.connected(node, report, link);
            listener.connected(node, report, link);
        };
    }

    /**
     * Hears the index of each node a request needs, before it is invoked if it sleeps; the load
     * driver logs which functions served each request to price it on the trace's own clock.
     * Called on the requesting thread (often an event loop): record and return.
     */
    public void demandListener(java.util.function.IntConsumer listener) {
        this.demandListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Invokes a second instance of the node's function (a backup): see {@link SecondInstances}. */
    public SecondInstances.SecondInstance<L> invokeSecondInstance(int node) {
        return secondInstances.invoke(node);
    }

    /**
     * Invokes a sleeping node with a warm-up payload so Lambda keeps its instance. Only an IDLE node
     * whose last invocation has returned: a warm-up racing a serve would make Lambda start a second,
     * empty instance. A serve asked for meanwhile waits for the warm-up to return.
     *
     * @return the invocation's result, or null when the node is not idle
     */
    public @Nullable CompletableFuture<NodeInvoker.InvocationResult> warmUp(int node, byte[] payload) {
        FunctionNode n = nodes.get(node);
        CompletableFuture<Void> running = new CompletableFuture<>();
        synchronized (n) {
            if (closed || n.state != NodeState.IDLE || (n.running != null && !n.running.isDone())) {
                return null;
            }
            n.running = running;
        }
        CompletableFuture<NodeInvoker.InvocationResult> result = invoker.invoke(n.name, payload);
        result.whenComplete((r, e) -> {
            synchronized (n) {
                n.lastActiveNanos = System.nanoTime();
            }
            running.complete(null);
        });
        return result;
    }

    /** Nanoseconds ({@link System#nanoTime()}) when the node last served or warmed up. */
    public long lastActiveNanos(int node) {
        FunctionNode n = nodes.get(node);
        synchronized (n) {
            return n.lastActiveNanos;
        }
    }

    /** The default function names: {@code prefix0 .. prefix(N-1)}. */
    public static List<String> functionNames(String prefix, int size) {
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    public int size() {
        return nodes.size();
    }

    public String name(int node) {
        return nodes.get(node).name;
    }

    public NodeState state(int node) {
        FunctionNode n = nodes.get(node);
        synchronized (n) {
            return n.state;
        }
    }

    /** The index of a function name, or -1. */
    public int indexOf(String functionName) {
        FunctionNode n = byName.get(functionName);
        return n == null ? -1 : n.index;
    }

    /** Times the function came back on another instance (its first start counts): cold starts and fail-overs. */
    public long instanceChanges(int node) {
        return nodes.get(node).instanceChanges.get();
    }

    /** The instance id the node reported in its last HELLO, or null. */
    public @Nullable String instanceId(int node) {
        FunctionNode n = nodes.get(node);
        synchronized (n) {
            return n.instanceId;
        }
    }

    /** The node's link once it serves, invoking it first when it sleeps. */
    public CompletableFuture<L> serving(int node) {
        FunctionNode n = nodes.get(node);
        demandListener.accept(node);
        if (closed) {
            return CompletableFuture.failedFuture(new NodeUnavailableException("the proxy is closing"));
        }
        String token;
        long attempt;
        CompletableFuture<L> pending;
        CompletableFuture<Void> returning;
        L stale = null;
        synchronized (n) {
            if (n.state == NodeState.SERVING && n.link != null && n.link.isOpen()) {
                return CompletableFuture.completedFuture(n.link);
            } else if (n.state == NodeState.INVOKING) {
                return Objects.requireNonNull(n.pending, "an invoking node has a pending dial-back");
            } else {
                returning = n.state == NodeState.IDLE && n.running != null && !n.running.isDone() ? n.running : null;
            }
        }
        if (returning != null) {
            // The node said BYE but its invocation has not returned yet. Invoking now would make Lambda
            // start a second, empty instance (one invocation per instance at a time): wait, bounded.
            CompletableFuture<Void> bounded = new CompletableFuture<>();
            returning.whenComplete((v, e) -> bounded.complete(null));
            timer.schedule(() -> bounded.complete(null), dialBackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return bounded.thenCompose(v -> serving(node));
        }
        synchronized (n) {
            if (n.state == NodeState.SERVING && n.link != null && n.link.isOpen()) {
                return CompletableFuture.completedFuture(n.link);
            }
            if (n.state == NodeState.INVOKING) {
                return Objects.requireNonNull(n.pending, "an invoking node has a pending dial-back");
            }
            if (n.state == NodeState.SERVING) {
                stale = detach(n);
                move(n, NodeState.IDLE, "its link closed");
            }
            attempt = ++n.attempt;
            token = serveTokens.issue(node, attempt);
            pending = new CompletableFuture<>();
            n.token = token;
            n.pending = pending;
            n.running = new CompletableFuture<>();
            move(n, NodeState.INVOKING, "a request needs it");
        }
        failOutstanding(stale, n, "its link closed");
        timer.schedule(() -> dialBackOverdue(n, attempt), dialBackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        byte[] payload = payloads.payload(NodeCommand.SERVE, n.name, token);
        invoker.invoke(n.name, payload).whenComplete((result, error) -> invocationEnded(n, attempt, result, error));
        return pending;
    }

    /**
     * The one-time token a HELLO names by its key id: that of the node's pending serve invocation,
     * or of a second instance being invoked; null when the function has no such invocation open.
     * The node must still prove it holds the token before {@link #admit}.
     */
    public @Nullable String pendingToken(String nodeId, String keyId) {
        FunctionNode n = byName.get(nodeId);
        if (n == null) {
            return null;
        }
        // A serve token is revoked in the same step as its node leaves INVOKING: no state check here.
        String serve = serveTokens.named(n.index, keyId);
        return serve != null ? serve : secondInstances.tokenNamed(n.index, keyId);
    }

    /**
     * A node presented HELLO. Accepted only for a node waiting for exactly this one-time token.
     *
     * @param onAccepted runs once the node is accepted, before anything else is sent on the link
     *     (the server answers HELLO_OK there)
     * @return true when accepted (the link now serves the node)
     */
    public boolean admit(String nodeId, String token, String instanceId, L link, Runnable onAccepted) {
        return admit(nodeId, token, new InstanceReport(instanceId, 0, 0, 0), link, onAccepted);
    }

    /** As above, with everything the node reported of its instance (for the connect listener). */
    public boolean admit(String nodeId, String token, InstanceReport report, L link, Runnable onAccepted) {
        String instanceId = report.instanceId();
        FunctionNode n = byName.get(nodeId);
        if (n == null) {
            log.warn("refused HELLO from unknown node id {}", nodeId);
            return false;
        }
        if (secondInstances.admit(n.index, token, report, link, onAccepted)) {
            return true;
        }
        CompletableFuture<L> pending;
        List<ShardKey> deletes;
        synchronized (n) {
            Long attempt = serveTokens.redeem(n.index, token);
            if (attempt == null || n.state != NodeState.INVOKING || attempt != n.attempt) {
                log.warn("refused HELLO from {}: its token is not the one-time token of a pending invocation", nodeId);
                return false;
            }
            if (!instanceId.equals(n.instanceId)) {
                n.instanceChanges.incrementAndGet();
            }
            if (n.instanceId != null && !n.instanceId.equals(instanceId)) {
                // A backup copy or a fresh, empty instance: the connect listener (repair) tells which.
                log.info(
                        "node {} came back on instance {} (was {}, {} shards)",
                        n.name,
                        instanceId,
                        n.instanceId,
                        report.storedShards());
            }
            n.token = null;
            n.instanceId = instanceId;
            n.link = link;
            pending = Objects.requireNonNull(n.pending, "an invoking node has a pending dial-back");
            n.pending = null;
            move(n, NodeState.SERVING, "it dialed back");
            deletes = queuedDeletes.takeAll(n.index);
            onAccepted.run();
        }
        for (ShardKey shardKey : deletes) {
            link.deleteShard(shardKey);
        }
        connectListener.connected(n.index, report, link);
        pending.complete(link);
        return true;
    }

    /**
     * Runs {@code action} on the node's serving link, invoking the node first when it sleeps; when
     * the node was returning and the request was not sent ({@link NotSentException}), invokes it
     * again and runs the action once more, a few times at most.
     */
    public <T> CompletableFuture<T> onServing(int node, java.util.function.Function<L, CompletableFuture<T>> action) {
        return onServing(node, action, NOT_SENT_RETRIES);
    }

    private <T> CompletableFuture<T> onServing(
            int node, java.util.function.Function<L, CompletableFuture<T>> action, int retries) {
        return serving(node).thenCompose(action).exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof NotSentException && retries > 0 && !closed) {
                return onServing(node, action, retries - 1);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The node asked to return (BYE with its request id). Agreed only when no request is in flight
     * on its link, which is then retired and unbound at once (the node sleeps from here; a request
     * for it waits for the invocation to end and invokes it again). A link no node serves on (a
     * second instance) is answered by the link alone.
     *
     * @return true when the node may return; false when it must stay and serve what is in flight
     */
    public boolean retire(L link, String reason) {
        for (FunctionNode n : nodes) {
            synchronized (n) {
                if (n.link == link) {
                    if (!link.retireIfIdle()) {
                        return false;
                    }
                    detach(n);
                    move(n, NodeState.IDLE, reason);
                    return true;
                }
            }
        }
        return link.retireIfIdle();
    }

    /** The node said BYE or its connection closed: it no longer serves. */
    public void released(L link, String reason) {
        for (FunctionNode n : nodes) {
            L detached = null;
            synchronized (n) {
                if (n.link == link) {
                    detached = detach(n);
                    move(n, NodeState.IDLE, reason);
                }
            }
            failOutstanding(detached, n, reason);
        }
    }

    /**
     * Deletes a shard on a node now if it serves, else queues it and invokes the node, so a removed
     * or superseded value is gone from the functions within one invocation (a restarted proxy
     * would recover it otherwise). The queue is sent first on the node's next link.
     */
    public void deleteShard(int node, ShardKey shardKey) {
        FunctionNode n = nodes.get(node);
        L link;
        boolean wake;
        synchronized (n) {
            if (n.state != NodeState.SERVING || n.link == null || !n.link.isOpen()) {
                queuedDeletes.add(node, shardKey);
                wake = n.state != NodeState.INVOKING;
                link = null;
            } else {
                link = n.link;
                wake = false;
            }
        }
        if (link != null) {
            link.deleteShard(shardKey);
        } else if (wake) {
            wake(node);
        }
    }

    /** Invokes every node with deletes queued (at shutdown, to deliver them before the proxy goes). */
    public void wakeForDeletes() {
        for (FunctionNode n : nodes) {
            boolean wake;
            synchronized (n) {
                wake = queuedDeletes.waitFor(n.index) && n.state != NodeState.INVOKING;
            }
            if (wake) {
                wake(n.index);
            }
        }
    }

    private void wake(int node) {
        if (closed) {
            return;
        }
        serving(node).whenComplete((link, error) -> {
            if (error != null) {
                // The queue stays: the next delete, request or shutdown invokes the node again.
                log.debug("node {} not invoked for its deletes: {}", name(node), error.toString());
            }
        });
    }

    /** How many shard deletes wait for sleeping nodes. */
    public int pendingDeletes() {
        return queuedDeletes.size();
    }

    /** The links of the serving nodes (to say BYE at shutdown). */
    public List<L> servingLinks() {
        List<L> links = new ArrayList<>();
        for (FunctionNode n : nodes) {
            synchronized (n) {
                if (n.state == NodeState.SERVING && n.link != null) {
                    links.add(n.link);
                }
            }
        }
        return links;
    }

    private void dialBackOverdue(FunctionNode n, long attempt) {
        CompletableFuture<L> pending;
        synchronized (n) {
            if (n.attempt != attempt || n.state != NodeState.INVOKING) {
                return;
            }
            pending = Objects.requireNonNull(n.pending, "an invoking node has a pending dial-back");
            n.pending = null;
            revokeServeToken(n);
            move(n, NodeState.COLD, "no dial-back within " + dialBackTimeout.toMillis() + " ms");
        }
        pending.completeExceptionally(new NodeUnavailableException("node " + n.name
                + " did not dial back within " + dialBackTimeout.toMillis()
                + " ms of its invocation (raise dial-back-timeout-ms, or check the function can reach the proxy)"));
    }

    private void invocationEnded(FunctionNode n, long attempt, NodeInvoker.InvocationResult result, Throwable error) {
        Throwable cause = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
        String outcome = cause != null
                ? "invocation failed: " + cause
                : result.failed()
                        ? "function error " + result.functionError() + ": "
                                + new String(result.payload(), java.nio.charset.StandardCharsets.UTF_8)
                        : "invocation returned";
        CompletableFuture<L> pending = null;
        L detached = null;
        CompletableFuture<Void> running;
        synchronized (n) {
            if (n.attempt != attempt) {
                return;
            }
            running = n.running;
            boolean lost = cause != null || result.failed();
            switch (n.state) {
                case INVOKING -> {
                    pending = n.pending;
                    n.pending = null;
                    revokeServeToken(n);
                    move(n, lost ? NodeState.COLD : NodeState.IDLE, outcome);
                }
                case SERVING -> {
                    detached = detach(n);
                    move(n, lost ? NodeState.COLD : NodeState.IDLE, outcome);
                    if (!lost && detached != null && detached.isOpen()) {
                        // The node said BYE before returning, but the invoke response can overtake replies
                        // still in this proxy's pipeline ahead of that BYE. The BYE (NodeSession) or the
                        // connection's end fails what is still outstanding then, in order.
                        detached = null;
                    }
                }
                default -> log.debug("node {} {}", n.name, outcome);
            }
        }
        failOutstanding(detached, n, outcome);
        if (running != null) {
            running.complete(null);
        }
        if (pending != null) {
            pending.completeExceptionally(
                    new NodeUnavailableException("node " + n.name + " ended before dialing back: " + outcome, cause));
        }
    }

    /** Unbinds the node's link; the caller fails its requests once it holds no lock. */
    private @Nullable L detach(FunctionNode n) {
        L link = n.link;
        n.link = null;
        return link;
    }

    /** Outside any node lock: failure callbacks may ask the pool for the node again. */
    private void failOutstanding(@Nullable L link, FunctionNode n, String reason) {
        if (link != null) {
            link.failOutstanding("node " + n.name + " stopped serving: " + reason);
        }
    }

    /** Under the node's lock, as it leaves INVOKING without the node having dialed back. */
    private void revokeServeToken(FunctionNode n) {
        if (n.token != null) {
            serveTokens.revoke(n.index, n.token);
            n.token = null;
        }
    }

    private void move(FunctionNode n, NodeState target, String reason) {
        if (n.state == target) {
            return;
        }
        if (!n.state.canMoveTo(target)) {
            throw new IllegalStateException("node " + n.name + " cannot move from " + n.state + " to " + target);
        }
        log.info("node {} {} -> {}: {}", n.name, n.state, target, reason);
        n.state = target;
        n.lastActiveNanos = System.nanoTime();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FunctionNode n : nodes) {
            CompletableFuture<L> pending;
            L link;
            synchronized (n) {
                pending = n.pending;
                n.pending = null;
                link = n.link;
                n.link = null;
            }
            if (pending != null) {
                pending.completeExceptionally(new NodeUnavailableException("the proxy is closing"));
            }
            if (link != null) {
                link.failOutstanding("the proxy is closing");
                link.close();
            }
        }
    }

    private final class FunctionNode {
        final int index;
        final String name;
        NodeState state = NodeState.COLD;
        long attempt;

        /** The serve invocation's token while INVOKING, to revoke it when the invocation is given up. */
        @Nullable
        String token;

        @Nullable
        String instanceId;

        final java.util.concurrent.atomic.AtomicLong instanceChanges = new java.util.concurrent.atomic.AtomicLong();

        @Nullable
        CompletableFuture<L> pending;
        /** Completes when the current invocation returns. */
        @Nullable
        CompletableFuture<Void> running;

        @Nullable
        L link;

        long lastActiveNanos = System.nanoTime();

        FunctionNode(int index, String name) {
            this.index = index;
            this.name = name;
        }
    }
}
