package io.mayfly.cli.deploy;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.VpcConfig;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

/**
 * Brings Lambda functions to a desired state with the control-plane API, the same calls against
 * AWS and lambda-local: creates the missing, updates code whose SHA-256 differs (and the
 * architecture, which Lambda changes with the code), updates only the configuration fields that
 * differ, sets reserved concurrency when asked, and waits after each change until the function is
 * Active and its last update Successful. A function already as wanted gets no call but reads.
 */
public final class Deployer {
    private final LambdaClient lambda;
    private final String where;
    private final PrintStream out;
    private final Duration pollInterval;
    private final Duration waitTimeout;
    private final int parallelism;

    /**
     * @param where the region or endpoint, named in errors
     * @param out one progress line per function as it completes
     */
    public Deployer(
            LambdaClient lambda,
            String where,
            PrintStream out,
            Duration pollInterval,
            Duration waitTimeout,
            int parallelism) {
        this.lambda = lambda;
        this.where = where;
        this.out = out;
        this.pollInterval = pollInterval;
        this.waitTimeout = waitTimeout;
        this.parallelism = parallelism;
    }

    /** What happened to one function. */
    public enum Action {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    public record Outcome(String function, Action action, List<String> changes) {}

    /** Deploys every function; throws {@link DeployException} naming each failure after all have run. */
    public List<Outcome> deploy(List<DesiredFunction> functions, CodeBundle code) {
        return forEach(functions, f -> {
            Outcome o = deployOne(f, code);
            synchronized (out) {
                out.println(f.name() + ": " + describe(o));
            }
            return o;
        });
    }

    /** Each function's state against what is wanted, in order. */
    public List<FunctionStatus> status(List<DesiredFunction> functions, CodeBundle code) {
        return forEach(functions, f -> statusOf(f, code));
    }

    /** Deletes each function that exists; returns the names deleted. */
    public List<String> destroy(List<String> names) {
        List<Optional<String>> deleted = forEach(names, name -> {
            try {
                lambda.deleteFunction(b -> b.functionName(name));
                synchronized (out) {
                    out.println(name + ": deleted");
                }
                return Optional.of(name);
            } catch (ResourceNotFoundException e) {
                synchronized (out) {
                    out.println(name + ": not found, nothing to delete");
                }
                return Optional.<String>empty();
            } catch (RuntimeException e) {
                throw new DeployException(AwsErrors.describe("DeleteFunction", name, where, e));
            }
        });
        return deleted.stream().flatMap(Optional::stream).toList();
    }

    /** Functions named {@code prefix} + a number at or past {@code count}: left over from a larger pool. */
    public List<String> extraFunctions(String prefix, int count) {
        List<String> extra = new ArrayList<>();
        try {
            for (FunctionConfiguration f :
                    lambda.listFunctionsPaginator(b -> b.maxItems(50)).functions()) {
                String n = f.functionName();
                if (n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d+")) {
                    if (Integer.parseInt(n.substring(prefix.length())) >= count) {
                        extra.add(n);
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new DeployException(AwsErrors.describe("ListFunctions", "in the account", where, e));
        }
        return extra;
    }

    // ---- one function --------------------------------------------------------------------

    private Outcome deployOne(DesiredFunction want, CodeBundle code) {
        Optional<GetFunctionResponse> existing = get(want.name());
        if (existing.isEmpty()) {
            create(want, code);
            return new Outcome(want.name(), Action.CREATED, List.of());
        }
        GetFunctionConfigurationResponse settled = awaitSettled(want.name());
        GetFunctionResponse have = existing.get();
        List<String> changes = new ArrayList<>();
        boolean codeDiffers = !code.sha256().equals(settled.codeSha256());
        boolean archDiffers = !want.architecture().equals(architectureOf(have.configuration()));
        if (codeDiffers || archDiffers) {
            call(
                    "UpdateFunctionCode",
                    want.name(),
                    () -> lambda.updateFunctionCode(b -> b.functionName(want.name())
                            .zipFile(SdkBytes.fromByteArray(code.bytes()))
                            .architectures(Architecture.fromValue(want.architecture()))));
            if (codeDiffers) {
                changes.add("code");
            }
            if (archDiffers) {
                changes.add("architecture " + architectureOf(have.configuration()) + " -> " + want.architecture());
            }
            awaitSettled(want.name());
        }
        UpdateFunctionConfigurationRequest.Builder update =
                UpdateFunctionConfigurationRequest.builder().functionName(want.name());
        List<String> configChanges = configurationChanges(want, have.configuration(), update);
        if (!configChanges.isEmpty()) {
            call("UpdateFunctionConfiguration", want.name(), () -> lambda.updateFunctionConfiguration(update.build()));
            changes.addAll(configChanges);
            awaitSettled(want.name());
        }
        Integer reserved = reservedOf(have);
        if (want.reservedConcurrency() != null && !want.reservedConcurrency().equals(reserved)) {
            putConcurrency(want);
            changes.add("reserved concurrency " + (reserved == null ? "none" : reserved) + " -> "
                    + want.reservedConcurrency());
        }
        return new Outcome(want.name(), changes.isEmpty() ? Action.UNCHANGED : Action.UPDATED, changes);
    }

    private void create(DesiredFunction want, CodeBundle code) {
        if (want.role() == null) {
            throw new DeployException(want.name() + " does not exist and creating it needs an execution role:"
                    + " pass --role-arn (deploy/aws/ creates one)");
        }
        call(
                "CreateFunction",
                want.name(),
                () -> lambda.createFunction(b -> {
                    b.functionName(want.name())
                            .runtime(want.runtime())
                            .role(want.role())
                            .handler(want.handler())
                            .memorySize(want.memoryMb())
                            .timeout(want.timeoutSeconds())
                            .architectures(Architecture.fromValue(want.architecture()))
                            .environment(Environment.builder()
                                    .variables(want.environment())
                                    .build())
                            .description("Mayfly cache node (mayfly deploy)")
                            .code(c -> c.zipFile(SdkBytes.fromByteArray(code.bytes())));
                    if (!want.subnetIds().isEmpty()) {
                        b.vpcConfig(VpcConfig.builder()
                                .subnetIds(want.subnetIds())
                                .securityGroupIds(want.securityGroupIds())
                                .build());
                    }
                }));
        awaitSettled(want.name());
        if (want.reservedConcurrency() != null) {
            putConcurrency(want);
        }
    }

    private void putConcurrency(DesiredFunction want) {
        call(
                "PutFunctionConcurrency",
                want.name(),
                () -> lambda.putFunctionConcurrency(
                        b -> b.functionName(want.name()).reservedConcurrentExecutions(want.reservedConcurrency())));
    }

    /** Fills {@code update} with each field that differs and says what changed. */
    static List<String> configurationChanges(
            DesiredFunction want, FunctionConfiguration have, UpdateFunctionConfigurationRequest.Builder update) {
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(have.memorySize(), want.memoryMb())) {
            update.memorySize(want.memoryMb());
            changes.add("memory " + have.memorySize() + " -> " + want.memoryMb() + " MB");
        }
        if (!Objects.equals(have.timeout(), want.timeoutSeconds())) {
            update.timeout(want.timeoutSeconds());
            changes.add("timeout " + have.timeout() + " -> " + want.timeoutSeconds() + " s");
        }
        if (!want.handler().equals(have.handler())) {
            update.handler(want.handler());
            changes.add("handler " + have.handler() + " -> " + want.handler());
        }
        if (!want.runtime().equals(have.runtimeAsString())) {
            update.runtime(want.runtime());
            changes.add("runtime " + have.runtimeAsString() + " -> " + want.runtime());
        }
        if (want.role() != null && !want.role().equals(have.role())) {
            update.role(want.role());
            changes.add("role");
        }
        Map<String, String> env = environmentOf(have);
        if (!env.equals(want.environment())) {
            update.environment(
                    Environment.builder().variables(want.environment()).build());
            changes.add(
                    "environment " + env.keySet() + " -> " + want.environment().keySet());
        }
        VpcConfigResponse vpc = have.vpcConfig();
        List<String> subnets = vpc == null || !vpc.hasSubnetIds() ? List.of() : vpc.subnetIds();
        List<String> groups = vpc == null || !vpc.hasSecurityGroupIds() ? List.of() : vpc.securityGroupIds();
        if (!new HashSet<>(subnets).equals(new HashSet<>(want.subnetIds()))
                || !new HashSet<>(groups).equals(new HashSet<>(want.securityGroupIds()))) {
            update.vpcConfig(VpcConfig.builder()
                    .subnetIds(want.subnetIds())
                    .securityGroupIds(want.securityGroupIds())
                    .build());
            changes.add("VPC subnets " + subnets + " -> " + want.subnetIds() + ", security groups " + groups + " -> "
                    + want.securityGroupIds());
        }
        return changes;
    }

    private FunctionStatus statusOf(DesiredFunction want, CodeBundle code) {
        Optional<GetFunctionResponse> found = get(want.name());
        if (found.isEmpty()) {
            return FunctionStatus.missing(want.name());
        }
        GetFunctionResponse have = found.get();
        FunctionConfiguration c = have.configuration();
        List<String> differences = new ArrayList<>();
        boolean codeMatches = code.sha256().equals(c.codeSha256());
        if (!codeMatches) {
            differences.add("code differs from " + code.source());
        }
        if (!want.architecture().equals(architectureOf(c))) {
            differences.add("architecture " + architectureOf(c) + " (want " + want.architecture() + ")");
        }
        for (String change : configurationChanges(want, c, UpdateFunctionConfigurationRequest.builder())) {
            differences.add(change.replace(" -> ", " (want ") + ")");
        }
        Integer reserved = reservedOf(have);
        if (want.reservedConcurrency() != null && !want.reservedConcurrency().equals(reserved)) {
            differences.add("reserved concurrency " + (reserved == null ? "none" : reserved) + " (want "
                    + want.reservedConcurrency() + ")");
        }
        if (c.state() != State.ACTIVE) {
            differences.add(
                    "state " + c.stateAsString() + (c.stateReason() == null ? "" : " (" + c.stateReason() + ")"));
        }
        if (c.lastUpdateStatus() != null && c.lastUpdateStatus() != LastUpdateStatus.SUCCESSFUL) {
            differences.add("last update " + c.lastUpdateStatusAsString()
                    + (c.lastUpdateStatusReason() == null ? "" : " (" + c.lastUpdateStatusReason() + ")"));
        }
        return new FunctionStatus(
                want.name(),
                true,
                c.stateAsString(),
                c.lastUpdateStatusAsString(),
                codeMatches,
                c.memorySize(),
                architectureOf(c),
                reserved,
                differences);
    }

    // ---- helpers -------------------------------------------------------------------------

    private Optional<GetFunctionResponse> get(String name) {
        try {
            return Optional.of(lambda.getFunction(b -> b.functionName(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new DeployException(AwsErrors.describe("GetFunction", name, where, e));
        }
    }

    /** Polls until Active and Successful; a Failed state or update is an error with Lambda's reason. */
    private GetFunctionConfigurationResponse awaitSettled(String name) {
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        while (true) {
            GetFunctionConfigurationResponse c;
            try {
                c = lambda.getFunctionConfiguration(b -> b.functionName(name));
            } catch (RuntimeException e) {
                throw new DeployException(AwsErrors.describe("GetFunctionConfiguration", name, where, e));
            }
            if (c.state() == State.FAILED) {
                throw new DeployException(name + " is in state Failed (" + c.stateReasonCodeAsString() + ": "
                        + c.stateReason() + "): fix the cause, then run `mayfly deploy` again");
            }
            if (c.lastUpdateStatus() == LastUpdateStatus.FAILED) {
                throw new DeployException(name + "'s last update failed (" + c.lastUpdateStatusReasonCodeAsString()
                        + ": " + c.lastUpdateStatusReason() + "): fix the cause, then run `mayfly deploy` again");
            }
            boolean updated = c.lastUpdateStatus() == null || c.lastUpdateStatus() == LastUpdateStatus.SUCCESSFUL;
            if (c.state() == State.ACTIVE && updated) {
                return c;
            }
            if (System.nanoTime() > deadline) {
                throw new DeployException(name + " is still " + c.stateAsString() + " / last update "
                        + c.lastUpdateStatusAsString() + " after " + waitTimeout.toSeconds()
                        + " s: raise --wait-timeout-seconds, or look at the function in the Lambda console");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while waiting for " + name);
            }
        }
    }

    private void call(String operation, String name, Runnable call) {
        try {
            call.run();
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeployException(AwsErrors.describe(operation, name, where, e));
        }
    }

    private static String architectureOf(FunctionConfiguration c) {
        return c.hasArchitectures() && !c.architectures().isEmpty()
                ? c.architecturesAsStrings().get(0)
                : "x86_64";
    }

    private static Map<String, String> environmentOf(FunctionConfiguration c) {
        if (c.environment() == null || !c.environment().hasVariables()) {
            return Map.of();
        }
        return new LinkedHashMap<>(c.environment().variables());
    }

    private static @Nullable Integer reservedOf(GetFunctionResponse have) {
        return have.concurrency() == null ? null : have.concurrency().reservedConcurrentExecutions();
    }

    private static String describe(Outcome o) {
        return switch (o.action()) {
            case CREATED -> "created";
            case UNCHANGED -> "unchanged";
            case UPDATED -> "updated " + String.join(", ", o.changes());
        };
    }

    private interface Task<T, R> {
        R run(T item);
    }

    /** Runs {@code task} on each item, a few at a time; all run even when some fail, then every failure is named. */
    private <T, R> List<R> forEach(List<T> items, Task<T, R> task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, items.size())), r -> {
            Thread t = new Thread(r, "mayfly-deploy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.run(item)));
            }
            List<R> results = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    failures.add(
                            e.getCause() instanceof DeployException d ? d.getMessage() : String.valueOf(e.getCause()));
                }
            }
            if (!failures.isEmpty()) {
                throw new DeployException(String.join("\n", failures));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }
}
