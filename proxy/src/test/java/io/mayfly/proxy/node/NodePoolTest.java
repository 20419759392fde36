package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodePoolTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FakeInvoker invoker = new FakeInvoker();
    private final NodePool<FakeLink> pool = new NodePool<>(
            NodePool.functionNames("mayfly-node-", 3),
            invoker,
            (command, name, token) -> token.getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5),
            timer);

    @AfterEach
    void close() {
        pool.close();
        timer.shutdownNow();
    }

    @Test
    void aSleepingNodeIsInvokedAndServesOnceItDialsBackWithItsToken() throws Exception {
        CompletableFuture<FakeLink> serving = pool.serving(1);
        assertThat(pool.state(1)).isEqualTo(NodeState.INVOKING);
        assertThat(pool.serving(1))
                .as("a second request waits for the same invocation")
                .isSameAs(serving);
        String token = invoker.tokenOf("mayfly-node-1");
        FakeLink link = new FakeLink();
        assertThat(pool.admit("mayfly-node-1", "wrong", "i1", link, () -> {})).isFalse();
        assertThat(pool.admit("mayfly-node-1", token, "i1", link, () -> {})).isTrue();
        assertThat(serving.get(1, TimeUnit.SECONDS)).isSameAs(link);
        assertThat(pool.state(1)).isEqualTo(NodeState.SERVING);
        assertThat(pool.admit("mayfly-node-1", token, "i1", new FakeLink(), () -> {}))
                .as("tokens are one-time")
                .isFalse();
        assertThat(pool.serving(1).getNow(null)).isSameAs(link);
    }

    @Test
    void afterByeTheNextRequestWaitsForTheInvocationToReturnThenInvokesAgain() {
        pool.serving(0);
        FakeLink link = new FakeLink();
        pool.admit("mayfly-node-0", invoker.tokenOf("mayfly-node-0"), "i1", link, () -> {});
        pool.released(link, "BYE");
        assertThat(pool.state(0)).isEqualTo(NodeState.IDLE);
        assertThat(link.failed).isNotEmpty();
        CompletableFuture<FakeLink> next = pool.serving(0);
        assertThat(invoker.invocations)
                .as("no second instance while the first is still returning")
                .hasSize(1);
        invoker.results.get("mayfly-node-0").complete(new NodeInvoker.InvocationResult(200, null, new byte[0]));
        assertThat(pool.state(0)).isEqualTo(NodeState.INVOKING);
        assertThat(invoker.invocations).hasSize(2);
        assertThat(next).isNotDone();
    }

    /**
     * A node's BYE is agreed only with nothing in flight on its link; once agreed the link sends
     * nothing more, a request made on it is reported not sent, and the next request for the node
     * waits for its invocation to return and invokes it again.
     */
    @Test
    void aByeIsAgreedOnlyWithNothingInFlightAndThenNothingMoreIsSent() throws Exception {
        try (NodePool<NodeChannel> channels = new NodePool<>(
                NodePool.functionNames("mayfly-node-", 1),
                invoker,
                (command, name, token) -> token.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5),
                timer)) {
            EmbeddedChannel wire = new EmbeddedChannel();
            NodeChannel link = new NodeChannel(wire, timer, 60_000);
            channels.serving(0);
            channels.admit(
                    "mayfly-node-0",
                    invoker.tokenOf("mayfly-node-0"),
                    "i1",
                    link,
                    () -> link.authenticated("mayfly-node-0"));
            ShardKey key = new ShardKey("s", Bytes.copyOf(new byte[] {1}), 1, 0);
            List<Object> replies = new ArrayList<>();
            NodeChannel.ReplyListener listener = new NodeChannel.ReplyListener() {
                @Override
                public void reply(Message message) {
                    replies.add(message);
                }

                @Override
                public void failed(String reason) {
                    replies.add("failed: " + reason);
                }

                @Override
                public void notSent(String reason) {
                    replies.add("not sent");
                }
            };
            long inFlight = link.request(id -> new ShardGet(id, key), listener);
            assertThat((Object) wire.readOutbound()).isInstanceOf(ShardGet.class);

            assertThat(channels.retire(link, "BYE"))
                    .as("a request is in flight: the node must stay (BUSY)")
                    .isFalse();
            assertThat(channels.state(0)).isEqualTo(NodeState.SERVING);
            assertThat(link.isServing()).isTrue();

            link.dispatch(new Ok(inFlight));
            assertThat(replies).containsExactly(new Ok(inFlight));
            assertThat(channels.retire(link, "BYE")).isTrue();
            assertThat(channels.state(0)).isEqualTo(NodeState.IDLE);
            assertThat(link.isServing()).isFalse();

            assertThat(link.request(id -> new ShardGet(id, key), listener)).isEqualTo(NodeChannel.NOT_SENT);
            link.send(new Segment(inFlight, 0, true, Unpooled.EMPTY_BUFFER));
            wire.runPendingTasks();
            assertThat(replies).containsExactly(new Ok(inFlight), "not sent");
            assertThat((Object) wire.readOutbound()).as("nothing more goes out").isNull();

            CompletableFuture<NodeChannel> next = channels.serving(0);
            assertThat(invoker.invocations)
                    .as("no second instance while the first is still returning")
                    .hasSize(1);
            invoker.results.get("mayfly-node-0").complete(new NodeInvoker.InvocationResult(200, null, new byte[0]));
            assertThat(invoker.invocations).hasSize(2);
            assertThat(next).isNotDone();
            wire.finishAndReleaseAll();
        }
    }

    @Test
    void aFailedInvocationFailsTheWaitersAndLeavesTheNodeCold() {
        CompletableFuture<FakeLink> serving = pool.serving(2);
        invoker.results.get("mayfly-node-2").completeExceptionally(new RuntimeException("429 TooManyRequests"));
        assertThatThrownBy(() -> serving.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("mayfly-node-2");
        assertThat(pool.state(2)).isEqualTo(NodeState.COLD);
    }

    @Test
    void deletesForASleepingNodeInvokeItAndGoFirstOnItsLink() {
        pool.deleteShard(0, new ShardKey("s", Bytes.copyOf(new byte[] {9}), 1, 0));
        pool.deleteShard(0, new ShardKey("s", Bytes.copyOf(new byte[] {9}), 2, 0));
        assertThat(pool.pendingDeletes()).isEqualTo(2);
        assertThat(invoker.invocations).as("one invocation for both deletes").containsExactly("mayfly-node-0");
        assertThat(pool.state(0)).isEqualTo(NodeState.INVOKING);
        FakeLink link = new FakeLink();
        pool.admit("mayfly-node-0", invoker.tokenOf("mayfly-node-0"), "i1", link, () -> {});
        assertThat(link.deleted).hasSize(2);
        assertThat(pool.pendingDeletes()).isZero();
    }

    @Test
    void aDeleteForAnInvokingNodeWaitsForItsLinkAndOneForAServingNodeGoesOnItsLink() {
        ShardKey first = new ShardKey("s", Bytes.copyOf(new byte[] {9}), 1, 0);
        ShardKey second = new ShardKey("s", Bytes.copyOf(new byte[] {9}), 2, 0);
        pool.serving(0);
        pool.deleteShard(0, first);
        assertThat(invoker.invocations).as("not invoked twice").containsExactly("mayfly-node-0");
        FakeLink link = new FakeLink();
        pool.admit("mayfly-node-0", invoker.tokenOf("mayfly-node-0"), "i1", link, () -> {});
        assertThat(link.deleted).containsExactly(first);
        pool.deleteShard(0, second);
        assertThat(link.deleted).containsExactly(first, second);
        assertThat(pool.pendingDeletes()).isZero();
    }

    @Test
    void noDialBackWithinTheTimeoutFailsTheWaiters() {
        ScheduledExecutorService fastTimer = Executors.newSingleThreadScheduledExecutor();
        try (NodePool<FakeLink> quick =
                new NodePool<>(List.of("f"), invoker, (c, n, t) -> new byte[0], Duration.ofMillis(50), fastTimer)) {
            CompletableFuture<FakeLink> serving = quick.serving(0);
            assertThatThrownBy(() -> serving.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(NodeUnavailableException.class)
                    .hasMessageContaining("did not dial back");
            assertThat(quick.state(0)).isEqualTo(NodeState.COLD);
        } finally {
            fastTimer.shutdownNow();
        }
    }

    static final class FakeInvoker implements NodeInvoker {
        final List<String> invocations = new ArrayList<>();
        final ConcurrentHashMap<String, CompletableFuture<InvocationResult>> results = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();

        @Override
        public synchronized CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
            invocations.add(functionName);
            tokens.put(functionName, new String(payload, StandardCharsets.UTF_8));
            CompletableFuture<InvocationResult> result = new CompletableFuture<>();
            results.put(functionName, result);
            return result;
        }

        String tokenOf(String name) {
            return tokens.get(name);
        }

        @Override
        public void close() {}
    }

    static final class FakeLink implements NodeLink {
        final List<ShardKey> deleted = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        boolean open = true;

        @Override
        public void deleteShard(ShardKey shardKey) {
            deleted.add(shardKey);
        }

        @Override
        public void failOutstanding(String reason) {
            failed.add(reason);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
