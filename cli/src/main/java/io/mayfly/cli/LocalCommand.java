package io.mayfly.cli;

import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * lambda-local on its own: functions deployed to it outlive any proxy, and tools (`mayfly
 * deploy --endpoint-url`, the AWS CLI) drive it through the Lambda API.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Runs a local Lambda service (Invoke API and function control plane) on loopback until killed.")
final class LocalCommand implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Loopback port, 0 picks one (default ${DEFAULT-VALUE}).")
    int port = 9001;

    @Option(
            names = "--instance-mode",
            description =
                    "in-process (threads) or process (a JVM per instance, the faithful mode; default ${DEFAULT-VALUE}).")
    String instanceMode = "in-process";

    @Option(
            names = "--transition-delay-ms",
            description = "How long a created or updated function stays Pending/InProgress (default ${DEFAULT-VALUE}).")
    long transitionDelayMs = 0;

    @Option(names = "--region", description = "Region in the functions' ARNs (default ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(
            names = "--concurrency-limit",
            description =
                    "Instances a function may run at once without reserved concurrency (default ${DEFAULT-VALUE}).")
    int concurrencyLimit = 100;

    @Override
    public Integer call() throws InterruptedException {
        InstanceMode mode = switch (instanceMode) {
            case "in-process" -> InstanceMode.IN_PROCESS;
            case "process" -> InstanceMode.PROCESS;
            default ->
                throw new IllegalArgumentException(
                        "--instance-mode " + instanceMode + " is neither in-process nor process");
        };
        LocalLambdaService service = LocalLambdaService.builder()
                .port(port)
                .arnParts(region, "000000000000")
                .createdFunctionMode(mode)
                .stateTransitionDelay(Duration.ofMillis(transitionDelayMs))
                .createdConcurrencyLimit(concurrencyLimit)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            stopped.countDown();
                        },
                        "mayfly-local-shutdown"));
        // Tools that start this as a child read this line for the endpoint.
        spec.commandLine()
                .getOut()
                .println("mayfly local: Lambda API on " + service.endpoint() + " (functions run " + instanceMode
                        + "); use --endpoint-url " + service.endpoint());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
