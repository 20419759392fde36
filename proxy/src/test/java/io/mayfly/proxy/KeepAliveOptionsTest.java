package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Warm-up, backup and repair settings: defaults, options, and the bounds they must keep. */
class KeepAliveOptionsTest {

    @Test
    void defaultsAreInfiniCachesIntervalsAndABoundedRepair() {
        ProxySettings d = ProxySettings.DEFAULTS;
        assertThat(d.warmupIntervalMs()).isEqualTo(60_000);
        assertThat(d.backupIntervalMs()).isEqualTo(300_000);
        assertThat(d.repairEnabled()).isTrue();
        assertThat(d.repairRateBytesPerSecond()).isEqualTo(64L << 20);
        ProxyMain main = new ProxyMain();
        new CommandLine(main).parseArgs();
        assertThat(main.settings().withPorts(d.clientPort(), d.nodePort())).isEqualTo(d);
    }

    @Test
    void optionsTurnMechanismsOffOrRetuneThem() {
        ProxyMain main = new ProxyMain();
        new CommandLine(main)
                .parseArgs(
                        "--warmup-interval-ms",
                        "0",
                        "--backup-interval-ms",
                        "60000",
                        "--no-repair-enabled",
                        "--repair-rate-bytes-per-second",
                        "1048576");
        ProxySettings settings = main.settings();
        assertThat(settings.warmupIntervalMs()).isZero();
        assertThat(settings.backupIntervalMs()).isEqualTo(60_000);
        assertThat(settings.repairEnabled()).isFalse();
        assertThat(settings.repairRateBytesPerSecond()).isEqualTo(1 << 20);
    }

    @Test
    void anUnboundedOrNegativeSettingIsRefusedWithItsName() {
        assertThatThrownBy(() -> ProxySettings.DEFAULTS.withKeepAlive(-1, 0, true, 1 << 20))
                .hasMessageContaining("warmup-interval-ms -1");
        assertThatThrownBy(() -> ProxySettings.DEFAULTS.withKeepAlive(0, 0, true, 0))
                .hasMessageContaining("repair-rate-bytes-per-second 0");
    }
}
