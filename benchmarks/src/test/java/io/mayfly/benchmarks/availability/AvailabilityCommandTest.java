package io.mayfly.benchmarks.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AvailabilityCommandTest {

    @Test
    void runsEndToEndWithTinySettingsAndWritesTablesAndJson(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AvailabilityCommand());
        cli.setOut(new PrintWriter(out));
        Path json = dir.resolve("availability.json");

        int code = cli.execute(
                "--configurations",
                "none,both",
                "--reclaim-rates",
                "2",
                "--hours",
                "1",
                "--compression",
                "900",
                "--pool-size",
                "5",
                "-k",
                "3",
                "-r",
                "1",
                "--values",
                "10",
                "--value-bytes",
                "4096",
                "--reads-per-second",
                "30",
                "--json",
                json.toString(),
                "--html",
                dir.resolve("availability.html").toString());

        String text = out.toString();
        assertThat(code).as(text).isZero();
        assertThat(text)
                .contains("no backup, no repair at 2 reclaims per instance-hour")
                .contains("backup and repair at 2 reclaims per instance-hour")
                .contains("Availability: reads of previously written values")
                .contains("InfiniCache (FAST '20")
                .contains("95.40%")
                .contains("81.40%");
        String written = Files.readString(json);
        assertThat(written)
                .startsWith("{\"infinicache\":")
                .contains("\"configuration\":\"none\"")
                .contains("\"configuration\":\"both\"")
                .contains("\"perHour\":[{\"hour\":0");
        assertThat(text).contains("[1/2] running").contains("[2/2] done in");
        // The HTML report's chart draws a line per configuration in a real browser.
        var charts =
                io.mayfly.benchmarks.testing.HeadlessChromium.renderedCharts(dir.resolve("availability.html"), dir);
        assertThat(charts).containsOnlyKeys("availability-per-hour");
        assertThat(charts.get("availability-per-hour"))
                .containsEntry("data-rendered", "true")
                .containsEntry("data-series", "2");
    }

    @Test
    void anUnknownConfigurationIsRefusedWithTheChoices() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AvailabilityCommand());
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage());
            return 2;
        });

        int code = cli.execute("--configurations", "mirror", "--hours", "1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'mirror' is not one of none, backup, repair, both");
    }
}
