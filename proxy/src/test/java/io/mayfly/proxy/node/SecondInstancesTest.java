package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.invoke.NodeCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecondInstancesTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final NodePoolTest.FakeInvoker invoker = new NodePoolTest.FakeInvoker();
    private final List<NodeCommand> commands = new CopyOnWriteArrayList<>();
    private final InstanceReport report = new InstanceReport("i2", 3, 300, 7);

    private SecondInstances<NodePoolTest.FakeLink> secondInstances(Duration dialBackTimeout) {
        return new SecondInstances<>(
                List.of("f0", "f1"),
                invoker,
                (command, name, token) -> {
                    commands.add(command);
                    return token.getBytes(StandardCharsets.UTF_8);
                },
                dialBackTimeout,
                timer);
    }

    @AfterEach
    void close() {
        timer.shutdownNow();
    }

    @Test
    void aSecondInstanceDialsBackOnceWithItsOwnToken() throws Exception {
        SecondInstances<NodePoolTest.FakeLink> seconds = secondInstances(Duration.ofSeconds(5));
        SecondInstances.SecondInstance<NodePoolTest.FakeLink> second = seconds.invoke(1);
        assertThat(invoker.invocations).containsExactly("f1");
        assertThat(commands).containsExactly(NodeCommand.BACKUP);
        String token = invoker.tokenOf("f1");
        assertThat(seconds.tokenNamed(1, Handshake.keyId(token))).isEqualTo(token);
        assertThat(seconds.tokenNamed(0, Handshake.keyId(token))).isNull();

        NodePoolTest.FakeLink link = new NodePoolTest.FakeLink();
        AtomicBoolean accepted = new AtomicBoolean();
        assertThat(seconds.admit(1, "not its token", report, link, () -> accepted.set(true)))
                .isFalse();
        assertThat(accepted).isFalse();
        assertThat(seconds.admit(1, token, report, link, () -> accepted.set(true)))
                .isTrue();
        assertThat(accepted).isTrue();
        SecondInstances.SecondLink<NodePoolTest.FakeLink> dialed = second.link().get(1, TimeUnit.SECONDS);
        assertThat(dialed.link()).isSameAs(link);
        assertThat(dialed.report()).isEqualTo(report);
        assertThat(seconds.admit(1, token, report, new NodePoolTest.FakeLink(), () -> {}))
                .as("tokens are one-time")
                .isFalse();
        assertThat(second.ended()).isNotDone();
        invoker.results.get("f1").complete(new NodeInvoker.InvocationResult(200, null, new byte[0]));
        assertThat(second.ended()).isDone();
    }

    @Test
    void itsTokenExpiresWithTheDialBackTimeout() {
        SecondInstances<NodePoolTest.FakeLink> seconds = secondInstances(Duration.ofMillis(50));
        SecondInstances.SecondInstance<NodePoolTest.FakeLink> second = seconds.invoke(0);
        String token = invoker.tokenOf("f0");
        assertThatThrownBy(() -> second.link().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("did not dial back within 50 ms");
        assertThat(seconds.tokenNamed(0, Handshake.keyId(token))).isNull();
        assertThat(seconds.admit(0, token, report, new NodePoolTest.FakeLink(), () -> {}))
                .isFalse();
    }

    @Test
    void anInvocationReturningBeforeItDialsBackFailsTheLinkAndRevokesItsToken() {
        SecondInstances<NodePoolTest.FakeLink> seconds = secondInstances(Duration.ofSeconds(5));
        SecondInstances.SecondInstance<NodePoolTest.FakeLink> second = seconds.invoke(0);
        String token = invoker.tokenOf("f0");
        invoker.results.get("f0").complete(new NodeInvoker.InvocationResult(200, null, new byte[0]));
        assertThat(second.ended()).isDone();
        assertThatThrownBy(() -> second.link().getNow(null))
                .hasCauseInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("returned before dialing back");
        assertThat(seconds.admit(0, token, report, new NodePoolTest.FakeLink(), () -> {}))
                .isFalse();
    }

    @Test
    void aSecondInstanceNobodyWaitsForAnyMoreIsClosed() {
        SecondInstances<NodePoolTest.FakeLink> seconds = secondInstances(Duration.ofSeconds(5));
        SecondInstances.SecondInstance<NodePoolTest.FakeLink> second = seconds.invoke(0);
        second.link().cancel(false);
        NodePoolTest.FakeLink link = new NodePoolTest.FakeLink();
        assertThat(seconds.admit(0, invoker.tokenOf("f0"), report, link, () -> {}))
                .isTrue();
        assertThat(link.isOpen()).isFalse();
    }
}
