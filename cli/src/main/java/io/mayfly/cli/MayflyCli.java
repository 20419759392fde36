package io.mayfly.cli;

import io.mayfly.cli.deploy.DeployException;
import io.mayfly.proxy.ProxyMain;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code java -jar cli/target/mayfly.jar}: every Mayfly operation behind one command. */
@Command(
        name = "mayfly",
        mixinStandardHelpOptions = true,
        description = "Mayfly: a JCache store in AWS Lambda function memory.",
        subcommands = {
            LocalCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            DestroyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MayflyCli implements Runnable {
    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with every subcommand; errors print as one line naming the remedy. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, System.in);
    }

    /** @param in where `destroy` reads its confirmation */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, InputStream in) {
        CommandLine cli = new CommandLine(new MayflyCli());
        // Declared in @Command above, so always there.
        CommandLine destroy = Objects.requireNonNull(cli.getSubcommands().get("destroy"));
        ((DestroyCommand) destroy.getCommand()).in = in;
        // The proxy's own command, every option of mayfly-proxy.jar, not a copy of them.
        CommandLine proxy = new CommandLine(new ProxyMain());
        proxy.getCommandSpec().name("proxy");
        cli.addSubcommand("proxy", proxy);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof DeployException || e instanceof IllegalArgumentException
                    ? e.getMessage()
                    : e.toString();
            cmd.getErr()
                    .println(
                            cmd.getCommandName().equals("mayfly")
                                    ? "mayfly: " + message
                                    : "mayfly " + cmd.getCommandName() + ": " + message);
            cmd.getErr().flush();
            return 2;
        });
        return cli;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
