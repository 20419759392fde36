package io.mayfly.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StorageDemoTest {

    @Test
    void smallRunWritesReadsLosesTwoNodesAndExitsZero() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StorageDemo.run(
                new String[] {"--sizes", "1KiB,2MiB", "--idle-return-ms", "2000"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));

        String text = out.toString();
        assertThat(exit).as("exit code; output:%n%s%nerrors:%n%s", text, err).isZero();
        assertThat(text)
                .contains("pool of 12 functions")
                .contains("writing 1 KiB, then reading it back ...")
                .contains("1 KiB: put ")
                .contains("kept whole in the proxy small-value tier (no function invoked)")
                .contains("2 MiB: put ")
                .contains("RS(10+2)")
                .contains("instances used: 12")
                .contains("losing two functions of the 2 MiB value")
                .contains("gathered the 10 of 12 shards the surviving functions still hold")
                .contains("OK: every value came back byte-identical")
                .doesNotContain("MISMATCH");
        assertThat(text.lines()
                        .filter(l -> l.contains("read back byte-identical"))
                        .count())
                .isEqualTo(3);
        assertThat(text.lines()
                        .filter(l -> l.contains("reclaimed mayfly-node-"))
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void parsesBinarySizes() {
        assertThat(ByteSize.parse("1KiB").bytes()).isEqualTo(1024);
        assertThat(ByteSize.parse("100MiB").bytes()).isEqualTo(100L << 20);
        assertThat(ByteSize.parse("512").bytes()).isEqualTo(512);
        assertThat(new ByteSize(10L << 20)).hasToString("10 MiB");
    }
}
