package io.mayfly.benchmarks.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvocationPurposeTest {

    @Test
    void thePurposeIsTheCommandOfThePayloadWhateverItIs() {
        assertThat(InvocationPurpose.of("f", bytes("{\"command\":\"warmup\",\"proxyHost\":\"h\"}")))
                .isEqualTo("warmup");
        assertThat(InvocationPurpose.of("f", bytes("{\"command\" : \"backup-source\"}")))
                .isEqualTo("backup-source");
        assertThat(InvocationPurpose.of("f", bytes("\"60000\""))).isEqualTo(InvocationPurpose.UNKNOWN);
        assertThat(InvocationPurpose.of("f", new byte[0])).isEqualTo(InvocationPurpose.UNKNOWN);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
