package io.mayfly.benchmarks.availability;

import io.mayfly.proxy.ProxySettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationPurposeTest {

    @Test
    void thePurposeIsTheCommandOfThePayloadWhateverItIs() {
        assertThat(InvocationPurpose.of("f", bytes("{\"command\":\"warmup\",\"proxyHost\":\"h\"}"))).isEqualTo("warmup");
        assertThat(InvocationPurpose.of("f", bytes("{\"command\" : \"backup-source\"}"))).isEqualTo("backup-source");
        assertThat(InvocationPurpose.of("f", bytes("\"60000\""))).isEqualTo(InvocationPurpose.UNKNOWN);
        assertThat(InvocationPurpose.of("f", new byte[0])).isEqualTo(InvocationPurpose.UNKNOWN);
    }

    @Test
    void settingsTheProxyLacksAreNamedAndTheRestKept() {
        ProxySettings base = ProxySettings.DEFAULTS.withPool(16, 256);
        KeepAliveSettings.Applied applied = KeepAliveSettings.with(base,
                Map.of("poolSize", 8, "dataShards", 4, "noSuchSetting", 5L));

        assertThat(applied.settings().poolSize()).isEqualTo(8);
        assertThat(applied.settings().dataShards()).isEqualTo(4);
        assertThat(applied.settings().functionMemoryMb()).isEqualTo(256);
        assertThat(applied.missing()).containsExactly("noSuchSetting");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
