package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class NettyCompatibilityTest {

    @Test
    void supportedLinesPass() {
        assertThat(NettyCompatibility.problem("4.2.18.Final")).isNull();
        assertThat(NettyCompatibility.problem("4.1.121.Final")).isNull();
        assertThat(NettyCompatibility.problem("4.1.100.Final")).isNull();
        assertThatCode(NettyCompatibility::check).doesNotThrowAnyException();
    }

    @Test
    void otherLinesAndOld41AreNamed() {
        assertThat(NettyCompatibility.problem("4.0.56.Final")).contains("4.1 and 4.2");
        assertThat(NettyCompatibility.problem("5.0.0.Alpha2")).contains("4.1 and 4.2");
        assertThat(NettyCompatibility.problem("4.1.99.Final")).contains("4.1.100.Final");
        assertThat(NettyCompatibility.problem("garbage")).isEqualTo("unreadable version");
    }
}
