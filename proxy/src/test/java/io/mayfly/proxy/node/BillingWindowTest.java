package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.invoke.NodeInvocation;
import org.junit.jupiter.api.Test;

class BillingWindowTest {

    @Test
    void aBurstRuleNoInvocationCouldCarryIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new BillingWindow(1, 100, 600_000, 10_000, NodeInvocation.MAX_BURST_REQUESTS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst-requests");
        assertThatThrownBy(() -> new BillingWindow(1, 100, 600_000, 10_000, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BillingWindow(1, 100, 600_000, 600_001, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLongestLingerIsTheBurstLingerWhenThereIsOne() {
        assertThat(BillingWindow.DEFAULTS.longestLingerMs()).isEqualTo(10_000);
        assertThat(new BillingWindow(1, 100, 600_000).longestLingerMs()).isEqualTo(100);
        assertThat(new BillingWindow(1, 30_000, 600_000, 10_000, 3).longestLingerMs())
                .isEqualTo(30_000);
    }
}
