package io.mayfly.cli;

import io.mayfly.cli.deploy.Deployer;
import io.mayfly.cli.deploy.FunctionStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** One line per function; exit 1 when the deployment differs from what the options ask. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Shows each function (exists, state, code matches, memory, architecture); exits 1 naming"
                + " every difference from the options given (the same as deploy's).")
final class StatusCommand implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Spec
    CommandSpec spec;

    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Mixin
    LambdaTarget target;

    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Mixin
    FunctionSelection selection;

    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Mixin
    FunctionSettings settings;

    @Override
    public Integer call() {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        try (LambdaClient lambda = target.client()) {
            Deployer deployer = new Deployer(lambda, target.where(), out, Duration.ofMillis(500), Duration.ZERO, 4);
            List<FunctionStatus> statuses = deployer.status(settings.desired(selection.names()), settings.code());
            statuses.forEach(s -> out.println(s.line()));
            List<FunctionStatus> differing =
                    statuses.stream().filter(s -> !s.asAsked()).toList();
            if (differing.isEmpty()) {
                out.println("mayfly status: all " + statuses.size() + " functions as asked in " + target.where());
                return 0;
            }
            out.println("mayfly status: " + differing.size() + " of " + statuses.size()
                    + " functions differ from what was asked: "
                    + String.join(
                            "; ",
                            differing.stream()
                                    .map(s -> s.name() + " " + String.join(", ", s.differences()))
                                    .toList())
                    + ". Run `mayfly deploy` with the same options to fix.");
            return 1;
        }
    }
}
