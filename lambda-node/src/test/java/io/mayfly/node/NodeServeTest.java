package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.checksum.InventoryDigest;
import io.mayfly.protocol.invoke.FlatJson;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.invoke.NodeServeSummary;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardDelete;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.testing.SelfSignedPem;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler against a {@link FakeProxy} over real TCP, one fresh {@link NodeInstance} per test. */
class NodeServeTest {

    private static final int SEGMENT_CAP = 1024;
    /** No JVM allowance or overhead: a 1 MB function gets exactly a 1 MiB store. */
    private static final NodeSettings TIGHT = new NodeSettings(0, 0, 0, 500, 10, 5000, 1 << 20);

    private final ExecutorService invoker = Executors.newCachedThreadPool();
    private FakeProxy proxy;
    private NodeInstance instance;
    private MayflyNodeHandler handler;

    @BeforeEach
    void start() throws InterruptedException {
        proxy = new FakeProxy(SEGMENT_CAP);
        instance = new NodeInstance(TIGHT);
        handler = new MayflyNodeHandler(instance);
    }

    @AfterEach
    void stop() throws InterruptedException {
        instance.close();
        proxy.close();
        invoker.shutdownNow();
        assertThat(invoker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private NodeInvocation serve(long idleReturnMs, long maxServeMs) {
        return new NodeInvocation(
                NodeCommand.SERVE, "127.0.0.1", proxy.port(), "mayfly-node-0", "token-1", 1, idleReturnMs, maxServeMs);
    }

    /** Runs one invocation on its own thread, as Lambda's runtime would; yields the response JSON. */
    private CompletableFuture<Map<String, Object>> invoke(NodeInvocation invocation, FakeContext context) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        handler.handleRequest(
                                new ByteArrayInputStream(invocation.toJson().getBytes(StandardCharsets.UTF_8)),
                                out,
                                context);
                        return FlatJson.parse(out.toString(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                invoker);
    }

    private CompletableFuture<Map<String, Object>> invoke(NodeInvocation invocation) {
        return invoke(invocation, new FakeContext(1, 60_000));
    }

    private static Map<String, Object> done(CompletableFuture<Map<String, Object>> f) throws Exception {
        return f.get(FakeProxy.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static ShardKey key(String name, int index) {
        return new ShardKey("space", Bytes.copyOf(name.getBytes(StandardCharsets.UTF_8)), 7, index);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void putGetDeleteRoundTripOfEmptyOneByteAndMultiSegmentShards() throws Exception {
        var running = invoke(serve(60_000, 60_000));
        Hello hello = proxy.awaitHello();
        assertThat(hello.nodeId()).isEqualTo("mayfly-node-0");
        assertThat(hello.keyId()).isEqualTo(Handshake.keyId("token-1"));
        assertThat(proxy.awaitAuth()).as("the node proves it holds its token").isTrue();
        assertThat(hello.storedShards()).isZero();
        assertThat(hello.inventoryDigest()).isZero();

        byte[] empty = new byte[0];
        byte[] one = {42};
        byte[] multi = random(5 * SEGMENT_CAP + 3);
        assertThat(proxy.put(key("a", 0), empty)).isInstanceOf(Ok.class);
        assertThat(proxy.put(key("a", 1), one)).isInstanceOf(Ok.class);
        assertThat(proxy.put(key("a", 2), multi)).isInstanceOf(Ok.class);

        assertThat((byte[]) proxy.get(key("a", 0))).isEmpty();
        assertThat((byte[]) proxy.get(key("a", 1))).isEqualTo(one);
        assertThat((byte[]) proxy.get(key("a", 2))).isEqualTo(multi);

        proxy.send(new Ping(5));
        assertThat(proxy.next()).isEqualTo(new Pong(5));

        proxy.send(new ShardDelete(6, key("a", 1)));
        assertThat(proxy.next()).isEqualTo(new Ok(6));
        proxy.send(new ShardDelete(7, key("a", 1)));
        assertThat(proxy.next()).as("delete of an absent shard").isEqualTo(new Ok(7));
        assertThat(proxy.get(key("a", 1)))
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        proxy.send(new Bye(8));
        Map<String, Object> report = done(running);
        assertThat(report)
                .containsEntry("outcome", "proxy-bye")
                .containsEntry("shardCount", 2L)
                .containsEntry("storedBytes", (long) multi.length)
                .containsEntry("servedRequests", 9L)
                .containsEntry("instanceId", instance.instanceId());
        assertThat(proxy.next()).as("node says BYE before returning").isInstanceOf(Bye.class);
        NodeServeSummary summary = NodeServeSummary.fromJson(FlatJson.writer()
                .field("instanceId", (String) report.get("instanceId"))
                .field("shardCount", 2)
                .field("storedBytes", multi.length)
                .field("servedRequests", 9)
                .toString());
        assertThat(summary.shardCount()).isEqualTo(2);
    }

    /** Regression: an idle node returned while a large SHARD_DATA was still queued for the proxy. */
    @Test
    void anIdleNodeDoesNotReturnWhileAShardIsStillBeingSent() throws Exception {
        FakeContext context = new FakeContext(64, 60_000);
        var filling = invoke(serve(60_000, 60_000), context);
        proxy.awaitHello();
        byte[] large = random(16 << 20);
        assertThat(proxy.put(key("large", 0), large)).isInstanceOf(Ok.class);
        proxy.send(new Bye(proxy.newRequestId()));
        done(filling);
        assertThat(proxy.next()).as("node says BYE before returning").isInstanceOf(Bye.class);

        long idleReturnMs = 1_000;
        var running = invoke(serve(idleReturnMs, 60_000), context);
        proxy.awaitHello();
        proxy.pauseReading(true);
        long id = proxy.newRequestId();
        proxy.send(new ShardGet(id, key("large", 0)));
        // Not a synchronisation: the idle time must pass while the transfer is held back.
        Thread.sleep(3 * idleReturnMs);
        assertThat(running)
                .as("invocation still serving while its shard is being sent")
                .isNotDone();

        proxy.pauseReading(false);
        assertThat((byte[]) proxy.receiveShard(id)).isEqualTo(large);
        assertThat(done(running)).containsEntry("outcome", "idle");
    }

    @Test
    void refusedHelloReturnsARefusalAndKeepsTheStore() throws Exception {
        var first = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat(proxy.put(key("kept", 0), random(100))).isInstanceOf(Ok.class);
        proxy.send(new Bye(1));
        done(first);

        proxy.refuseNextHellos(true);
        var refused = invoke(serve(60_000, 60_000));
        Hello hello = proxy.awaitHello();
        assertThat(hello.storedShards()).isEqualTo(1);
        Map<String, Object> report = done(refused);
        assertThat(report.get("outcome")).isEqualTo("refused");
        assertThat((String) report.get("detail")).contains("AUTH_FAILED");
        assertThat(report).containsEntry("shardCount", 1L).containsEntry("storedBytes", 100L);
        assertThat(instance.store().get(key("kept", 0))).isNotNull();
        assertThat(instance.hasOpenConnection()).isFalse();
    }

    @Test
    void aProxyThatKnowsTheRequestIdButNotTheTokenGetsNothing() throws Exception {
        var first = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat(proxy.awaitAuth()).isTrue();
        assertThat(proxy.put(key("secret", 0), random(100))).isInstanceOf(Ok.class);
        proxy.send(new Bye(1));
        done(first);
        proxy.drainReceived();

        proxy.issued(); // now an impostor: it answers HELLO by request id with a made-up proof
        var fooled = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        proxy.send(new ShardGet(proxy.newRequestId(), key("secret", 0)));
        Map<String, Object> report = done(fooled);
        assertThat(report.get("outcome")).isEqualTo("refused");
        assertThat((String) report.get("detail")).contains("could not prove it issued this invocation's token");
        proxy.awaitNodeClosed();
        assertThat(proxy.pendingAuths()).as("no proof of the node's token").isZero();
        // At most the first invocation's late BYE: no shard, no answer to the impostor's request.
        assertThat(proxy.drainReceived()).as("no shard, no answer").allMatch(m -> m instanceof Bye);
        assertThat(instance.store().get(key("secret", 0)))
                .as("memory kept for the real proxy")
                .isNotNull();
    }

    @Test
    void overLargePutIsRefusedWithNoRoomAndTheStoreIsUnchanged() throws Exception {
        var running = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat(proxy.put(key("small", 0), random(1000))).isInstanceOf(Ok.class);
        ShardStore store = instance.store();
        assertThat(store.capacityBytes()).isEqualTo(1 << 20);
        long accounted = store.accountedBytes();
        long digest = store.inventoryDigest();

        Object answer = proxy.put(key("big", 0), random((1 << 20) + 1));
        assertThat(answer).isInstanceOfSatisfying(ErrorMessage.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_ROOM);
            assertThat(e.message()).contains("1048577 bytes").contains("1048576 bytes bound");
        });
        assertThat(store.accountedBytes()).isEqualTo(accounted);
        assertThat(store.inventoryDigest()).isEqualTo(digest);
        assertThat(store.shardCount()).isEqualTo(1);

        // The refused put's SEGMENTs were dropped; the connection still serves.
        assertThat(proxy.put(key("small", 1), random(2000))).isInstanceOf(Ok.class);
        proxy.send(new Bye(1));
        assertThat(done(running)).containsEntry("shardCount", 2L);
    }

    @Test
    void aShardHeaderDeclaringAHugeLengthFollowedByNothingAllocatesNothing() throws Exception {
        var running = invoke(serve(60_000, 60_000), new FakeContext(256, 60_000));
        proxy.awaitHello();
        ShardStore store = instance.store();
        long declared = store.capacityBytes() - (64 << 10);
        assertThat(declared).isGreaterThan(16L << 20);
        long id = proxy.newRequestId();
        proxy.send(new ShardPut(id, key("huge", 0), declared, 0));
        await().atMost(Duration.ofSeconds(FakeProxy.TIMEOUT_SECONDS)).until(() -> store.accountedBytes() >= declared);
        assertThat(store.allocatedBytes())
                .as("arrays allocated for a header alone")
                .isZero();

        // Its first bytes allocate their own array, not the declared length.
        proxy.send(new Segment(id, 0, false, Unpooled.wrappedBuffer(random(1000))));
        await().atMost(Duration.ofSeconds(FakeProxy.TIMEOUT_SECONDS)).until(() -> store.allocatedBytes() > 0);
        assertThat(store.allocatedBytes()).isLessThanOrEqualTo(ShardStore.CHUNK_BYTES);

        proxy.send(new Bye(proxy.newRequestId()));
        assertThat(done(running)).containsEntry("shardCount", 0L);
        assertThat(store.allocatedBytes()).isZero();
        assertThat(store.accountedBytes()).isZero();
    }

    @Test
    void aRangedGetSendsThatRangeOfTheShardCutAtItsEnd() throws Exception {
        var running = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        byte[] shard = random(5 * SEGMENT_CAP + 3);
        assertThat(proxy.put(key("r", 0), shard)).isInstanceOf(Ok.class);

        assertThat((byte[]) proxy.getRange(key("r", 0), 1000, 2 * SEGMENT_CAP))
                .isEqualTo(Arrays.copyOfRange(shard, 1000, 1000 + 2 * SEGMENT_CAP));
        assertThat((byte[]) proxy.getRange(key("r", 0), shard.length - 10, 1 << 20))
                .isEqualTo(Arrays.copyOfRange(shard, shard.length - 10, shard.length));
        assertThat((byte[]) proxy.getRange(key("r", 0), shard.length, 100)).isEmpty();
        long id = proxy.newRequestId();
        proxy.send(new ShardGet(id, key("r", 0), shard.length + 1L, 100));
        assertThat(proxy.next())
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.message()).contains("past the end"));

        proxy.send(new Bye(proxy.newRequestId()));
        done(running);
    }

    @Test
    void badChecksumIsRefusedAndNothingIsStored() throws Exception {
        var running = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        byte[] bytes = random(3 * SEGMENT_CAP);
        Object answer = proxy.put(key("flipped", 0), bytes, 0x1234);
        assertThat(answer)
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM));
        assertThat(proxy.get(key("flipped", 0)))
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(instance.store().accountedBytes()).isZero();
        proxy.send(new Bye(1));
        done(running);
    }

    @Test
    void idleNodeReturnsBeforeItsDeadline() throws Exception {
        var running = invoke(serve(50, 60_000), new FakeContext(1, 600_000));
        proxy.awaitHello();
        Map<String, Object> report = done(running);
        assertThat(report.get("outcome")).isEqualTo("idle");
        assertThat(proxy.next()).isInstanceOf(Bye.class);
    }

    @Test
    void aNodeWhoseLastRequestsCameInABurstStaysTheBurstLinger() throws Exception {
        long burstLingerMs = 1_500;
        var running = invoke(serve(50, 60_000).withBurst(burstLingerMs, 2), new FakeContext(1, 600_000));
        proxy.awaitHello();
        assertThat(proxy.awaitAuth()).isTrue();
        assertThat(proxy.put(key("burst", 0), new byte[] {1})).isInstanceOf(Ok.class);
        assertThat(proxy.put(key("burst", 1), new byte[] {2})).isInstanceOf(Ok.class);
        long answered = System.nanoTime();
        Map<String, Object> report = done(running);
        long stayedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
        assertThat(report.get("outcome")).isEqualTo("idle");
        // It stays 1.5 s after the second put arrived (which was before `answered`); 50 ms without the burst.
        assertThat(stayedMs).as("ms from the last answer to the return").isGreaterThanOrEqualTo(burstLingerMs - 200);
    }

    @Test
    void aNodeWithABurstRuleButASingleRequestReturnsAfterItsIdleTime() throws Exception {
        var running = invoke(serve(50, 60_000).withBurst(30_000, 2), new FakeContext(1, 600_000));
        proxy.awaitHello();
        assertThat(proxy.awaitAuth()).isTrue();
        assertThat(proxy.put(key("single", 0), new byte[] {1})).isInstanceOf(Ok.class);
        // Well before the 30 s burst linger (and FakeProxy's own timeout): one request is no burst.
        Map<String, Object> report = done(running);
        assertThat(report.get("outcome")).isEqualTo("idle");
        assertThat(report.get("servedRequests")).isEqualTo(1L);
    }

    /**
     * Requests the proxy sent as the node said BYE (written here after the BYE arrived, before it is
     * answered: on the wire they cross it) are served; the node returns only once its BYE is agreed.
     */
    @Test
    void requestsThatCrossTheNodesByeAreServedAndItReturnsOnlyOnceAgreed() throws Exception {
        byte[] kept = random(3 * SEGMENT_CAP + 5);
        byte[] crossing = random(2 * SEGMENT_CAP + 1);
        proxy.holdByes(true);
        var running = invoke(serve(0, 60_000));
        proxy.awaitHello();
        // With idle return 0 the node asks to return right after this put (or, on a stalled
        // machine, before it arrives: then the put crossed the BYE and is served all the same).
        List<Object> answers = List.of(proxy.put(key("kept", 0), kept), proxy.next());
        assertThat(answers).hasAtLeastOneElementOfType(Ok.class).hasAtLeastOneElementOfType(Bye.class);
        Bye bye =
                (Bye) answers.stream().filter(m -> m instanceof Bye).findFirst().orElseThrow();
        assertThat(bye.requestId()).as("a BYE that asks, answered under its id").isNotZero();

        // Sent before the BYE is answered: on the wire these cross it.
        assertThat((byte[]) proxy.get(key("kept", 0)))
                .as("a get that crossed the BYE is served")
                .isEqualTo(kept);
        assertThat(proxy.put(key("crossing", 0), crossing))
                .as("a put that crossed the BYE is stored")
                .isInstanceOf(Ok.class);
        assertThat(running).as("no answer to its BYE yet: still serving").isNotDone();

        proxy.send(new ErrorMessage(bye.requestId(), ErrorCode.BUSY, "2 requests in flight"));
        Bye again = (Bye) proxy.next();
        assertThat(again.requestId()).as("asks again once idle").isEqualTo(bye.requestId());
        assertThat((byte[]) proxy.get(key("crossing", 0))).isEqualTo(crossing);
        assertThat(running).isNotDone();

        proxy.send(new ErrorMessage(again.requestId(), ErrorCode.BUSY, "1 request in flight"));
        Bye third = (Bye) proxy.next();
        proxy.send(new Ok(third.requestId()));
        assertThat(done(running))
                .containsEntry("outcome", "idle")
                .containsEntry("shardCount", 2L)
                .containsEntry("servedRequests", 4L);
        assertThat(instance.hasOpenConnection())
                .as("the connection stays for the next invocation")
                .isTrue();
    }

    @Test
    void idleNodeWithALongBillingWindowReturnsIdle() throws Exception {
        NodeInvocation windowed =
                new NodeInvocation(NodeCommand.SERVE, "127.0.0.1", proxy.port(), "mayfly-node-0", "t", 200, 20, 60_000);
        var running = invoke(windowed);
        proxy.awaitHello();
        assertThat(done(running).get("outcome")).isEqualTo("idle");
    }

    @Test
    void busyNodeReturnsAtTheLambdaDeadlineMinusItsMargin() throws Exception {
        // 1.5 s left, 0.5 s margin: the node must return by itself although never idle long enough.
        var running = invoke(serve(600_000, 600_000), new FakeContext(1, 1500));
        proxy.awaitHello();
        assertThat(done(running).get("outcome")).isEqualTo("deadline");
    }

    @Test
    void secondInvocationReusesTheConnectionAndReportsTheStoredShards() throws Exception {
        byte[] bytes = random(4 * SEGMENT_CAP);
        var first = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat(proxy.put(key("warm", 3), bytes)).isInstanceOf(Ok.class);
        proxy.send(new Bye(1));
        assertThat(done(first).get("outcome")).isEqualTo("proxy-bye");
        assertThat(proxy.next()).isInstanceOf(Bye.class);
        assertThat(instance.hasOpenConnection()).isTrue();

        var second = invoke(serve(60_000, 60_000));
        Hello hello = proxy.awaitHello();
        assertThat(proxy.connections())
                .as("one TCP connection for both invocations")
                .isEqualTo(1);
        assertThat(hello.instanceId()).isEqualTo(instance.instanceId());
        assertThat(hello.storedShards()).isEqualTo(1);
        assertThat(hello.storedBytes()).isEqualTo(bytes.length);
        assertThat(hello.inventoryDigest())
                .isEqualTo(InventoryDigest.entry(key("warm", 3), io.mayfly.protocol.checksum.Crc32c.of(bytes)));
        assertThat((byte[]) proxy.get(key("warm", 3))).isEqualTo(bytes);
        proxy.send(new Bye(2));
        done(second);
    }

    @Test
    void staleKeptConnectionIsReplacedByANewOne() throws Exception {
        var first = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        proxy.send(new Bye(1));
        done(first);
        proxy.dropNode(); // the proxy restarted its side while the instance was frozen

        var second = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat(proxy.connections()).isEqualTo(2);
        proxy.send(new Bye(2));
        assertThat(done(second).get("outcome")).isEqualTo("proxy-bye");
    }

    @Test
    void proxyClosingMidTransferEndsTheInvocationAndLeavesTheStoreIntact() throws Exception {
        byte[] kept = random(3000);
        var first = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat(proxy.put(key("kept", 0), kept)).isInstanceOf(Ok.class);
        long accounted = instance.store().accountedBytes();

        proxy.write(new ShardPut(99, key("torn", 0), 10 * SEGMENT_CAP, 0));
        proxy.write(new Segment(99, 0, false, Unpooled.wrappedBuffer(random(SEGMENT_CAP))));
        proxy.flush();
        // The node answers PING after the segment, so the half put has arrived and is held.
        proxy.send(new Ping(100));
        assertThat(proxy.next()).isEqualTo(new Pong(100));
        assertThat(instance.store().accountedBytes()).isGreaterThan(accounted);
        proxy.dropNode();

        Map<String, Object> report = done(first);
        assertThat(report.get("outcome")).isEqualTo("proxy-closed");
        assertThat(report).containsEntry("shardCount", 1L).containsEntry("storedBytes", 3000L);
        assertThat(instance.store().accountedBytes()).isEqualTo(accounted);
        assertThat(instance.store().get(key("torn", 0))).isNull();

        var second = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        assertThat((byte[]) proxy.get(key("kept", 0))).isEqualTo(kept);
        proxy.send(new Bye(1));
        done(second);
    }

    @Test
    void streamLongerThanItsDeclaredLengthIsRefusedAndNotStored() throws Exception {
        var running = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        proxy.write(new ShardPut(50, key("long", 0), 10, 0));
        proxy.write(new Segment(50, 0, false, Unpooled.wrappedBuffer(random(8))));
        proxy.write(new Segment(50, 0, false, Unpooled.wrappedBuffer(random(8))));
        proxy.write(new Segment(50, 0, true, Unpooled.wrappedBuffer(random(8))));
        proxy.flush();
        assertThat(proxy.next())
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        // the rest of the refused stream was dropped: the next request is answered normally
        proxy.send(new Ping(51));
        assertThat(proxy.next()).isEqualTo(new Pong(51));
        assertThat(instance.store().accountedBytes()).isZero();
        proxy.send(new Bye(1));
        done(running);
    }

    @Test
    void clientRequestsAreRefusedAsMalformed() throws Exception {
        var running = invoke(serve(60_000, 60_000));
        proxy.awaitHello();
        proxy.send(new io.mayfly.protocol.message.ListKeys(60, "space"));
        assertThat(proxy.next()).isInstanceOfSatisfying(ErrorMessage.class, e -> {
            assertThat(e.requestId()).isEqualTo(60);
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        });
        proxy.send(new Bye(1));
        done(running);
    }

    @Test
    void invocationWithLessTimeThanTheMarginReturnsWithoutConnecting() throws Exception {
        assertThat(done(invoke(serve(100, 60_000), new FakeContext(1, 300))).get("outcome"))
                .isEqualTo("deadline");
        assertThat(proxy.connections()).isZero();
    }

    @Test
    void unreachableProxyIsReportedNotThrown() throws Exception {
        int port = proxy.port();
        proxy.close();
        NodeInvocation invocation =
                new NodeInvocation(NodeCommand.SERVE, "127.0.0.1", port, "mayfly-node-0", "t", 1, 100, 10_000);
        assertThat(done(invoke(invocation)).get("outcome")).isEqualTo("unreachable");
        proxy = new FakeProxy(SEGMENT_CAP);
    }

    @Test
    void overTlsANodeServesTheProxyWhoseCertificateItPinned(@TempDir Path dir) throws Exception {
        SelfSignedPem cert = SelfSignedPem.generate(dir, "fake-proxy");
        proxy.close();
        proxy = new FakeProxy(
                SEGMENT_CAP,
                SslContextBuilder.forServer(
                                cert.certificate().toFile(), cert.privateKey().toFile())
                        .build());
        var running = invoke(new NodeInvocation(
                NodeCommand.SERVE,
                "127.0.0.1",
                proxy.port(),
                "mayfly-node-0",
                "t",
                1,
                60_000,
                60_000,
                cert.sha256(),
                0,
                0));
        proxy.awaitHello();
        assertThat(proxy.awaitAuth()).isTrue();
        byte[] value = random(3 * SEGMENT_CAP + 1);
        assertThat(proxy.put(key("tls", 0), value)).isInstanceOf(Ok.class);
        assertThat((byte[]) proxy.get(key("tls", 0))).isEqualTo(value);
        proxy.send(new Bye(1));
        assertThat(done(running).get("outcome")).isEqualTo("proxy-bye");
    }

    @Test
    void overTlsANodeRefusesACertificateOtherThanThePinnedOne(@TempDir Path dir) throws Exception {
        SelfSignedPem cert = SelfSignedPem.generate(dir, "fake-proxy");
        SelfSignedPem pinned = SelfSignedPem.generate(dir, "real-proxy");
        proxy.close();
        proxy = new FakeProxy(
                SEGMENT_CAP,
                SslContextBuilder.forServer(
                                cert.certificate().toFile(), cert.privateKey().toFile())
                        .build());
        Map<String, Object> report = done(invoke(new NodeInvocation(
                NodeCommand.SERVE,
                "127.0.0.1",
                proxy.port(),
                "mayfly-node-0",
                "t",
                1,
                60_000,
                60_000,
                pinned.sha256(),
                0,
                0)));
        assertThat(report.get("outcome")).isEqualTo("unreachable");
        assertThat((String) report.get("detail")).contains("not the one the invocation pinned");
        assertThat(proxy.drainReceived()).isEmpty();
        assertThat(instance.hasOpenConnection()).isFalse();
    }

    @Test
    void warmupAnswersWithoutConnecting() throws Exception {
        NodeInvocation warmup =
                new NodeInvocation(NodeCommand.WARMUP, "127.0.0.1", proxy.port(), "mayfly-node-0", "t", 1, 100, 10_000);
        Map<String, Object> report = done(invoke(warmup));
        assertThat(report)
                .containsEntry("outcome", "warmup")
                .containsEntry("shardCount", 0L)
                .containsEntry("capacityBytes", 1L << 20)
                .containsEntry("instanceId", instance.instanceId());
        assertThat(proxy.connections()).isZero();
    }

    @Test
    void malformedPayloadFailsTheInvocation() {
        assertThatThrownBy(() -> handler.handleRequest(
                        new ByteArrayInputStream("{\"command\":\"dance\"}".getBytes()),
                        new ByteArrayOutputStream(),
                        new FakeContext(1, 1000)))
                .hasMessageContaining("proxyPort");
    }
}
