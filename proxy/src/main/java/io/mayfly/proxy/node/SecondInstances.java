package io.mayfly.proxy.node;

import io.mayfly.protocol.invoke.NodeCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes a node's function once more while its serving invocation is open, which makes Lambda
 * (and lambda-local) start a second instance: the proxy invokes on the node's behalf so lambda-node
 * needs no AWS SDK. The second instance dials back with a one-time token of its own and is not the
 * pool's link; whoever asked owns it (a backup).
 *
 * @param <L> the link type of the server that owns the node connections
 */
public final class SecondInstances<L extends NodeLink> {

    private static final Logger log = LoggerFactory.getLogger(SecondInstances.class);

    /**
     * A second instance of a node's function, invoked while the first is busy (a backup).
     *
     * @param link completes when the second instance has dialed back and said HELLO
     * @param ended completes when its invocation returns
     */
    public record SecondInstance<L>(CompletableFuture<SecondLink<L>> link, CompletableFuture<Void> ended) {}

    /** A second instance's link and what it reported in its HELLO. */
    public record SecondLink<L>(L link, InstanceReport report) {}

    private final List<String> functionNames;
    private final NodeInvoker invoker;
    private final NodePool.InvocationPayloads payloads;
    private final Duration dialBackTimeout;
    private final ScheduledExecutorService timer;
    /** The one-time tokens of second instances being invoked, each granting its dial-back. */
    private final NodeTokens<CompletableFuture<SecondLink<L>>> tokens = new NodeTokens<>();

    SecondInstances(
            List<String> functionNames,
            NodeInvoker invoker,
            NodePool.InvocationPayloads payloads,
            Duration dialBackTimeout,
            ScheduledExecutorService timer) {
        this.functionNames = List.copyOf(functionNames);
        this.invoker = invoker;
        this.payloads = payloads;
        this.dialBackTimeout = dialBackTimeout;
        this.timer = timer;
    }

    /** Invokes a second instance of the node's function; its token expires with the dial-back timeout. */
    SecondInstance<L> invoke(int node) {
        String name = functionNames.get(node);
        CompletableFuture<SecondLink<L>> link = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        String token = tokens.issue(node, link);
        timer.schedule(
                () -> {
                    tokens.revoke(node, token);
                    link.completeExceptionally(new NodeUnavailableException("second instance of " + name
                            + " did not dial back within " + dialBackTimeout.toMillis() + " ms"));
                },
                dialBackTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        invoker.invoke(name, payloads.payload(NodeCommand.BACKUP, name, token)).whenComplete((result, error) -> {
            tokens.revoke(node, token);
            link.completeExceptionally(
                    new NodeUnavailableException("second instance of " + name + " returned before dialing back"));
            ended.complete(null);
        });
        return new SecondInstance<>(link, ended);
    }

    /** The token of a second instance of the node being invoked that a HELLO names by its key id, or null. */
    @Nullable
    String tokenNamed(int node, String keyId) {
        return tokens.named(node, keyId);
    }

    /**
     * A node presented HELLO with a token: when it is a second instance's, hands the link to whoever
     * invoked it (closing it when they no longer wait).
     *
     * @param onAccepted runs once the instance is accepted, before its link is handed on
     * @return false when the token is no second instance's (it may be the node's serve token)
     */
    boolean admit(int node, String token, InstanceReport report, L link, Runnable onAccepted) {
        CompletableFuture<SecondLink<L>> second = tokens.redeem(node, token);
        if (second == null) {
            return false;
        }
        onAccepted.run();
        log.info("node {}: second instance {} dialed back", functionNames.get(node), report.instanceId());
        if (!second.complete(new SecondLink<>(link, report))) {
            link.close();
        }
        return true;
    }
}
