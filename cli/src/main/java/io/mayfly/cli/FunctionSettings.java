package io.mayfly.cli;

import io.mayfly.cli.deploy.CodeBundle;
import io.mayfly.cli.deploy.DesiredFunction;
import io.mayfly.cli.deploy.NodeDefaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** What each function should be; `deploy` makes it so and `status` compares against it. */
public final class FunctionSettings {
    @Option(names = "--memory-mb", description = "Memory of each function, 128..10240 (default ${DEFAULT-VALUE}).")
    int memoryMb = NodeDefaults.MEMORY_MB;

    @Option(
            names = "--architecture",
            description = "arm64 or x86_64 (default ${DEFAULT-VALUE}; arm64 costs a fifth less per GB-second).")
    String architecture = NodeDefaults.ARCHITECTURE;

    @Option(
            names = "--timeout-seconds",
            description = "Function timeout, above the proxy's --max-serve-ms (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = NodeDefaults.TIMEOUT_SECONDS;

    @Option(names = "--runtime", description = "Lambda runtime (default ${DEFAULT-VALUE}).")
    String runtime = NodeDefaults.RUNTIME;

    @Option(names = "--handler", description = "Function handler (default ${DEFAULT-VALUE}).")
    String handler = NodeDefaults.HANDLER;

    @Option(
            names = "--role-arn",
            description = "Execution role of new functions (needed only to create; deploy/aws/ makes one).")
    @Nullable
    String roleArn;

    @Option(
            names = "--subnet-ids",
            split = ",",
            description = "VPC subnets of the functions (with --security-group-ids).")
    List<String> subnetIds = new ArrayList<>();

    @Option(
            names = "--security-group-ids",
            split = ",",
            description = "Security groups of the functions (with --subnet-ids).")
    List<String> securityGroupIds = new ArrayList<>();

    @Option(
            names = "--reserved-concurrency",
            description = "Reserved concurrency of each function (default: leave as is; 2 leaves room for a backup).")
    @Nullable
    Integer reservedConcurrency;

    @Option(
            names = "--env",
            description =
                    "Environment variable of each function, KEY=VALUE, repeatable (e.g. MAYFLY_NODE_LOG_LEVEL=info).")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--code", description = "Function code to deploy (default: the lambda-node jar inside mayfly.jar).")
    @Nullable
    Path code;

    CodeBundle code() {
        return code == null ? CodeBundle.bundled() : CodeBundle.fromFile(code);
    }

    List<DesiredFunction> desired(List<String> names) {
        if (!architecture.equals("arm64") && !architecture.equals("x86_64")) {
            throw new IllegalArgumentException("--architecture " + architecture + " is neither arm64 nor x86_64");
        }
        if (subnetIds.isEmpty() != securityGroupIds.isEmpty()) {
            throw new IllegalArgumentException("--subnet-ids and --security-group-ids go together: a function in a VPC"
                    + " needs both (or neither, outside a VPC)");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("--memory-mb " + memoryMb + " is outside Lambda's 128..10240");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new IllegalArgumentException("--timeout-seconds " + timeoutSeconds + " is outside Lambda's 1..900");
        }
        List<DesiredFunction> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(new DesiredFunction(
                    name,
                    handler,
                    runtime,
                    roleArn,
                    memoryMb,
                    timeoutSeconds,
                    architecture,
                    environment,
                    subnetIds,
                    securityGroupIds,
                    reservedConcurrency));
        }
        return out;
    }
}
