package io.mayfly.cli;

import io.mayfly.cli.deploy.CodeBundle;
import io.mayfly.cli.deploy.Deployer;
import io.mayfly.cli.deploy.DesiredFunction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Creates the missing functions and updates the changed ones; a second identical run changes nothing. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Creates or updates the pool's Lambda functions from the bundled lambda-node jar and waits"
                + " until each is Active with its last update Successful.")
final class DeployCommand implements Callable<Integer> {
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

    @Option(
            names = "--wait-timeout-seconds",
            description = "Longest wait for one function to become Active (default ${DEFAULT-VALUE}).")
    int waitTimeoutSeconds = 300;

    @Option(
            names = "--poll-interval-ms",
            description = "How often to read a function's state while waiting (default ${DEFAULT-VALUE}).")
    int pollIntervalMs = 500;

    @Option(names = "--parallelism", description = "Functions deployed at once (default ${DEFAULT-VALUE}).")
    int parallelism = 4;

    @Override
    public Integer call() {
        List<DesiredFunction> desired = settings.desired(selection.names());
        CodeBundle code = settings.code();
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        out.println("mayfly deploy: " + desired.size() + " functions " + selection.range() + " in " + target.where()
                + ": " + settings.memoryMb + " MB, " + settings.architecture + ", " + settings.runtime + ", code "
                + code.sha256() + " (" + code.bytes().length + " bytes, " + code.source() + ")");
        try (LambdaClient lambda = target.client()) {
            Deployer deployer = new Deployer(
                    lambda,
                    target.where(),
                    out,
                    Duration.ofMillis(pollIntervalMs),
                    Duration.ofSeconds(waitTimeoutSeconds),
                    parallelism);
            List<Deployer.Outcome> outcomes = deployer.deploy(desired, code);
            long created = outcomes.stream()
                    .filter(o -> o.action() == Deployer.Action.CREATED)
                    .count();
            long updated = outcomes.stream()
                    .filter(o -> o.action() == Deployer.Action.UPDATED)
                    .count();
            if (created == 0 && updated == 0) {
                out.println("mayfly deploy: all " + outcomes.size() + " functions already as asked; nothing changed");
            } else {
                out.println("mayfly deploy: " + created + " created, " + updated + " updated, "
                        + (outcomes.size() - created - updated) + " unchanged; all Active");
            }
            List<String> extra = deployer.extraFunctions(selection.prefix, selection.functions);
            if (!extra.isEmpty()) {
                out.println("mayfly deploy: note: " + extra.size() + " more functions with the prefix exist beyond"
                        + " --functions " + selection.functions + " (" + String.join(", ", extra)
                        + "); the proxy does not use them, `mayfly destroy --functions` past them removes them");
            }
        }
        return 0;
    }
}
