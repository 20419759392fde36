package io.mayfly.cli;

import io.mayfly.cli.deploy.Deployer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Deletes the pool's functions, after a typed confirmation unless --yes. */
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        description = "Deletes the functions <prefix>0..<prefix>N-1 (and the values in their memory).")
final class DestroyCommand implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Spec
    CommandSpec spec;

    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Mixin
    LambdaTarget target;

    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Mixin
    FunctionSelection selection;

    @Option(names = "--yes", description = "Delete without asking.")
    boolean yes;

    InputStream in = System.in;

    @Override
    public Integer call() throws IOException {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        List<String> names = selection.names();
        if (!yes) {
            out.print("Delete " + names.size() + " functions " + selection.range() + " in " + target.where()
                    + ", and every value they hold? Type yes to go on: ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.trim().equals("yes")) {
                out.println();
                out.println("mayfly destroy: not confirmed, nothing deleted (--yes skips the question)");
                return 1;
            }
        }
        try (LambdaClient lambda = target.client()) {
            Deployer deployer = new Deployer(lambda, target.where(), out, Duration.ofMillis(500), Duration.ZERO, 4);
            List<String> deleted = deployer.destroy(names);
            out.println("mayfly destroy: " + deleted.size() + " functions deleted in " + target.where());
        }
        return 0;
    }
}
