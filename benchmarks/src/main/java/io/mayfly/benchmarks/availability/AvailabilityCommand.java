package io.mayfly.benchmarks.availability;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -cp benchmarks/target/benchmarks.jar io.mayfly.benchmarks.availability.AvailabilityCommand}:
 * each configuration at each reclaim rate, one after the other, then the tables.
 */
@Command(
        name = "availability",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Writes values to a Mayfly proxy on lambda-local, reads them back continuously under a seeded"
                    + " fault schedule in compressed time, and reports per simulated hour the share of reads that returned"
                    + " the right bytes, values lost, bytes repaired, and what warm-ups and backups cost."
        })
public final class AvailabilityCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    CommandSpec command;

    @Option(
            names = "--configurations",
            split = ",",
            description = "Any of none, backup, repair, both" + " (default: all four).")
    List<String> configurations = List.of("none", "backup", "repair", "both");

    @Option(
            names = "--reclaim-rates",
            split = ",",
            description =
                    "Reclaims per instance-hour; 0.5 (a forced recycle"
                            + " every ~2 h) and 6 (every 10 min, the shortest idle life seen on AWS) bracket AWS (default: 0.5,6).")
    List<Double> reclaimRates = List.of(0.5, 6.0);

    @Option(names = "--hours", description = "Simulated hours per run (default ${DEFAULT-VALUE}).")
    int hours = 2;

    @Option(
            names = "--compression",
            description = "Simulated seconds per wall second (default ${DEFAULT-VALUE}:" + " an hour per 30 s).")
    double compression = 120;

    @Option(names = "--seed", description = "Seeds the fault plan and the values (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--pool-size", description = "Functions in the pool (default ${DEFAULT-VALUE}).")
    int poolSize = 16;

    @Option(
            names = {"-k", "--data-shards"},
            description = "Data shards (default ${DEFAULT-VALUE}).")
    int dataShards = 10;

    @Option(
            names = {"-r", "--parity-shards"},
            description = "Parity shards (default ${DEFAULT-VALUE}).")
    int parityShards = 2;

    @Option(names = "--function-memory-mb", description = "Memory of each function (default ${DEFAULT-VALUE}).")
    int functionMemoryMb = 256;

    @Option(names = "--values", description = "Values written (default ${DEFAULT-VALUE}).")
    int values = 100;

    @Option(names = "--value-bytes", description = "Size of each value (default ${DEFAULT-VALUE}).")
    int valueBytes = 128 * 1024;

    @Option(names = "--readers", description = "Reader threads (default ${DEFAULT-VALUE}).")
    int readers = 2;

    @Option(
            names = "--reads-per-second",
            description = "Reads per wall second, all readers (default ${DEFAULT-VALUE}).")
    double readsPerSecond = 40;

    @Option(
            names = "--mid-invocation-kills-per-hour",
            description = "Kills of a busy instance, pool-wide" + " (default ${DEFAULT-VALUE}).")
    double midInvocationKillsPerHour = 0;

    @Option(
            names = "--stragglers-per-hour",
            description = "Instances frozen for --straggler-seconds, pool-wide" + " (default ${DEFAULT-VALUE}).")
    double stragglersPerHour = 0;

    @Option(
            names = "--straggler-seconds",
            description = "Simulated seconds a straggler is held (default ${DEFAULT-VALUE}).")
    long stragglerSeconds = 30;

    @Option(
            names = "--connection-drops-per-hour",
            description = "Node connections dropped, pool-wide" + " (default ${DEFAULT-VALUE}).")
    double connectionDropsPerHour = 0;

    @Option(
            names = "--proxy-restart-at-minutes",
            split = ",",
            description = "Simulated minutes at which the proxy" + " restarts (default: none).")
    List<Long> proxyRestartMinutes = new ArrayList<>();

    @Option(names = "--warmup-interval-minutes", description = "Simulated warm-up interval (default ${DEFAULT-VALUE}).")
    double warmupIntervalMinutes = 1;

    @Option(names = "--backup-interval-minutes", description = "Simulated backup interval (default ${DEFAULT-VALUE}).")
    double backupIntervalMinutes = 5;

    @Option(
            names = "--repair-rate-bytes-per-second",
            description = "Repair bound in simulated time" + " (default ${DEFAULT-VALUE}).")
    long repairRateBytesPerSecond = 256 * 1024;

    @Option(
            names = "--idle-reclaim-minutes",
            description = "lambda-local reclaims instances idle this long, simulated"
                    + " (AWS: 10-65 min seen; default ${DEFAULT-VALUE}).")
    double idleReclaimMinutes = 30;

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    @Nullable
    Path json;

    @Option(
            names = "--html",
            description = "Write a self-contained HTML report with a chart of availability per hour"
                    + " (default ${DEFAULT-VALUE}).")
    Path html = Path.of("availability-report.html");

    RunSpec baseSpec() {
        List<Duration> restarts = new ArrayList<>();
        proxyRestartMinutes.forEach(m -> restarts.add(Duration.ofMinutes(m)));
        return new RunSpec(
                Mechanisms.NONE,
                0,
                hours,
                compression,
                poolSize,
                dataShards,
                parityShards,
                functionMemoryMb,
                new ReadWorkload.Shape(values, valueBytes, readers, readsPerSecond, seed),
                midInvocationKillsPerHour,
                stragglersPerHour,
                Duration.ofSeconds(stragglerSeconds),
                connectionDropsPerHour,
                restarts,
                minutes(warmupIntervalMinutes),
                minutes(backupIntervalMinutes),
                repairRateBytesPerSecond,
                minutes(idleReclaimMinutes));
    }

    private static Duration minutes(double m) {
        return Duration.ofMillis((long) (m * 60_000));
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        RunSpec base = baseSpec();
        List<Mechanisms> configs =
                configurations.stream().map(Mechanisms::ofOption).toList();
        List<RunResult> results = new ArrayList<>();
        PrintWriter out = command.commandLine().getOut();
        int total = reclaimRates.size() * configs.size();
        for (double rate : reclaimRates) {
            for (Mechanisms m : configs) {
                out.printf(
                        "[%d/%d] running %s at %s reclaims per instance-hour (%d simulated h at x%s) ...%n",
                        results.size() + 1,
                        total,
                        m.description(),
                        rate,
                        base.hours(),
                        AvailabilityReport.number(base.compression()));
                out.flush();
                RunResult run = AvailabilityRun.run(base.with(m, rate), seed);
                results.add(run);
                out.printf(
                        java.util.Locale.ROOT,
                        "[%d/%d] done in %.0f s: %.2f%% of %d reads available, %d values lost%n",
                        results.size(),
                        total,
                        run.wallSeconds(),
                        100 * run.availability(),
                        run.reads(),
                        run.lost());
                out.flush();
            }
        }
        AvailabilityReport.printText(results, out);
        if (html != null) {
            Files.writeString(html, AvailabilityHtml.page(results), StandardCharsets.UTF_8);
            out.println("HTML report written to " + html.toAbsolutePath());
        }
        if (json != null) {
            Files.writeString(json, AvailabilityReport.json(results), StandardCharsets.UTF_8);
            out.println("JSON written to " + json);
        }
        long wrong = results.stream().mapToLong(RunResult::wrong).sum();
        if (wrong > 0) {
            command.commandLine().getErr().println("availability: " + wrong + " reads returned WRONG BYTES");
            return 3;
        }
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new AvailabilityCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("availability: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
