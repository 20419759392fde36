package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ReadGateTest {

    /**
     * An in-JVM channel delivers waiting messages as soon as reads resume; resuming them inside a
     * put's handling re-entered the frame decoder and released its buffer under it.
     */
    @Test
    void readsResumeInATaskOfTheirOwnNeverInsideTheCaller() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate.hold(channel);
        assertThat(channel.config().isAutoRead()).isFalse();

        ReadGate.release(channel);
        assertThat(channel.config().isAutoRead()).isFalse();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void aHoldTakenBeforeReadsResumeKeepsThemStopped() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate.hold(channel);
        ReadGate.release(channel);
        ReadGate.hold(channel);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse();

        ReadGate.release(channel);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }
}
