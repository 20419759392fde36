package io.mayfly.lambda.local.functions;

import io.mayfly.lambda.local.Architecture;
import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.InvalidFunctionDefinitionException;
import io.mayfly.lambda.local.instance.InstanceFleet;
import io.mayfly.lambda.local.json.JsonWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions created through the control plane and Lambda's state machine over them: a new
 * function is {@code Pending} until its code is in place, then {@code Active}; an update sets
 * {@code LastUpdateStatus} to {@code InProgress} until the new code or configuration takes
 * effect, then {@code Successful}; a second change while one is in progress is a
 * ResourceConflictException. Every operation runs on one worker thread, so they apply in order.
 */
public final class FunctionsApi {
    private static final Logger log = LoggerFactory.getLogger(FunctionsApi.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ROLE =
            Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Set<String> JAVA_RUNTIMES = Set.of("java8.al2", "java11", "java17", "java21", "java25");
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);
    private static final int DEFAULT_MAX_ITEMS = 50;

    /**
     * How functions created through the API run here.
     *
     * @param instanceMode threads or child JVMs
     * @param transitionDelay how long a create or update stays Pending / InProgress, so that
     *     deployment code's waiting is exercised (AWS takes seconds)
     * @param defaultConcurrencyLimit the instance limit of a function without reserved concurrency
     */
    public record Settings(InstanceMode instanceMode, Duration transitionDelay, int defaultConcurrencyLimit) {}

    private final InstanceFleet fleet;
    private final Settings settings;
    private final Path codeRoot;
    private final ScheduledExecutorService worker;
    private final Map<String, DeployedFunction> functions = new ConcurrentHashMap<>();

    public FunctionsApi(InstanceFleet fleet, Settings settings, Path codeRoot, ScheduledExecutorService worker) {
        this.fleet = fleet;
        this.settings = settings;
        this.codeRoot = codeRoot;
        this.worker = worker;
    }

    ScheduledExecutorService worker() {
        return worker;
    }

    /**
     * Why an invocation of {@code name} must be refused now (a function still Pending), or null.
     * Called on event loops.
     */
    public @Nullable String invokeRefusal(String name) {
        DeployedFunction f = functions.get(name);
        if (f != null && f.state().equals("Pending")) {
            return "The operation cannot be performed at this time. The function is currently in the following state: Pending";
        }
        return null;
    }

    // ---- operations (worker thread) -------------------------------------------------------

    String create(Map<String, Object> request) {
        String name = Fields.string(request, "FunctionName");
        if (!NAME.matcher(name).matches()) {
            throw ApiError.validation(
                    name, "functionName", "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+");
        }
        String arn = fleet.functionArn(name);
        if (functions.containsKey(name) || fleet.function(name).isPresent()) {
            throw ApiError.conflict("Function already exist: " + name);
        }
        String packageType = Fields.stringOr(request, "PackageType", "Zip");
        if (!packageType.equals("Zip")) {
            throw ApiError.invalid("lambda-local runs Zip packages only, not PackageType " + packageType);
        }
        String runtime = Fields.string(request, "Runtime");
        checkRuntime(runtime);
        String role = Fields.string(request, "Role");
        if (!ROLE.matcher(role).matches()) {
            throw ApiError.validation(
                    role, "role", "Member must satisfy regular expression pattern: " + ROLE.pattern());
        }
        String handler = Fields.string(request, "Handler");
        Map<String, Object> code = Fields.object(request, "Code");
        byte[] zip = zipOf(code);
        String revision = UUID.randomUUID().toString();
        Path dir = codeRoot.resolve(name + "-" + revision);
        CodePackage.unpack(zip, dir);
        try {
            FunctionDefinition.Builder b = FunctionDefinition.builder(name, handler)
                    .memoryMb(memory(request, 128))
                    .timeout(Duration.ofSeconds(timeout(request, 3)))
                    .environment(environment(request, Map.of()))
                    .architecture(architecture(request, Architecture.X86_64))
                    .instanceMode(settings.instanceMode())
                    .concurrencyLimit(settings.defaultConcurrencyLimit())
                    .classpath(CodePackage.classpath(dir));
            Map<String, Object> vpc = Fields.optionalObject(request, "VpcConfig");
            DeployedFunction f = new DeployedFunction(
                    arn,
                    runtime,
                    role,
                    Fields.stringOr(request, "Description", ""),
                    CodePackage.sha256(zip),
                    zip.length,
                    now(),
                    revision,
                    "Pending",
                    "The function is being created.",
                    "Creating",
                    "InProgress",
                    vpc == null ? List.of() : subnets(vpc),
                    vpc == null ? List.of() : securityGroups(vpc),
                    null,
                    build(b),
                    dir);
            functions.put(name, f);
            log.info("created function {} ({} bytes of code, {})", name, zip.length, f.definition());
            later(() -> activate(name, revision));
            return configuration(f);
        } catch (RuntimeException e) {
            CodePackage.delete(dir);
            throw e;
        }
    }

    String getFunction(String name) {
        DeployedFunction f = existing(name);
        JsonWriter json = new JsonWriter().beginObject().name("Configuration");
        f.writeConfiguration(json);
        json.name("Code").beginObject().field("RepositoryType", "S3").endObject();
        if (f.reservedConcurrency() != null) {
            json.name("Concurrency")
                    .beginObject()
                    .field("ReservedConcurrentExecutions", f.reservedConcurrency())
                    .endObject();
        }
        return json.endObject().toString();
    }

    String getConfiguration(String name) {
        return configuration(existing(name));
    }

    String updateCode(String name, Map<String, Object> request) {
        DeployedFunction f = idle(name);
        byte[] zip = zipOf(request);
        String revision = UUID.randomUUID().toString();
        Path dir = codeRoot.resolve(name + "-" + revision);
        CodePackage.unpack(zip, dir);
        try {
            // Not toBuilder(): a builder adds to its classpath, and the old code must go.
            FunctionDefinition.Builder b = FunctionDefinition.builder(
                            name, f.definition().handler())
                    .memoryMb(f.definition().memoryMb())
                    .timeout(f.definition().timeout())
                    .environment(f.definition().environment())
                    .architecture(architecture(request, f.definition().architecture()))
                    .instanceMode(f.definition().instanceMode())
                    .concurrencyLimit(f.definition().concurrencyLimit())
                    .classpath(CodePackage.classpath(dir));
            DeployedFunction updated =
                    inProgress(f, revision).withCode(CodePackage.sha256(zip), zip.length, build(b), dir);
            functions.put(name, updated);
            log.info("updating the code of {} ({} bytes)", name, zip.length);
            later(() -> settle(name, revision, f.codeDirectory()));
            return configuration(updated);
        } catch (RuntimeException e) {
            CodePackage.delete(dir);
            throw e;
        }
    }

    String updateConfiguration(String name, Map<String, Object> request) {
        DeployedFunction f = idle(name);
        FunctionDefinition d = f.definition();
        FunctionDefinition.Builder b = FunctionDefinition.builder(
                        name, Fields.stringOr(request, "Handler", d.handler()))
                .memoryMb(memory(request, d.memoryMb()))
                .timeout(Duration.ofSeconds(timeout(request, (int) d.timeout().toSeconds())))
                .environment(environment(request, d.environment()))
                .architecture(d.architecture())
                .instanceMode(d.instanceMode())
                .concurrencyLimit(d.concurrencyLimit())
                .classpath(d.classpath());
        String runtime = Fields.stringOr(request, "Runtime", f.runtime());
        checkRuntime(runtime);
        String role = Fields.stringOr(request, "Role", f.role());
        if (!ROLE.matcher(role).matches()) {
            throw ApiError.validation(
                    role, "role", "Member must satisfy regular expression pattern: " + ROLE.pattern());
        }
        Map<String, Object> vpc = Fields.optionalObject(request, "VpcConfig");
        String revision = UUID.randomUUID().toString();
        DeployedFunction updated = inProgress(f, revision)
                .withConfiguration(
                        runtime,
                        role,
                        Fields.stringOr(request, "Description", f.description()),
                        vpc == null ? f.subnetIds() : subnets(vpc),
                        vpc == null ? f.securityGroupIds() : securityGroups(vpc),
                        build(b));
        functions.put(name, updated);
        log.info("updating the configuration of {}: {}", name, updated.definition());
        later(() -> settle(name, revision, null));
        return configuration(updated);
    }

    void delete(String name) {
        DeployedFunction f = functions.remove(name);
        if (f == null) {
            if (fleet.function(name).isPresent()) {
                throw ApiError.invalid("function " + name + " was registered through lambda-local's Java API;"
                        + " deregister it there");
            }
            throw ApiError.notFound(fleet.functionArn(name));
        }
        fleet.deregister(name);
        CodePackage.delete(f.codeDirectory());
        log.info("deleted function {}", name);
    }

    String list(@Nullable String marker, @Nullable String maxItemsParam) {
        int maxItems = DEFAULT_MAX_ITEMS;
        if (maxItemsParam != null) {
            try {
                maxItems = Integer.parseInt(maxItemsParam);
            } catch (NumberFormatException e) {
                maxItems = -1;
            }
            if (maxItems < 1 || maxItems > 10_000) {
                throw ApiError.validation(maxItemsParam, "maxItems", "Member must have value between 1 and 10000");
            }
        }
        List<DeployedFunction> all = new ArrayList<>(functions.values());
        all.sort(Comparator.comparing(DeployedFunction::name));
        String after = null;
        if (marker != null && !marker.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(marker), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("the Marker " + marker + " is not one this service gave: start without it");
            }
        }
        JsonWriter json = new JsonWriter().beginObject().name("Functions").beginArray();
        int n = 0;
        String last = null;
        boolean more = false;
        for (DeployedFunction f : all) {
            if (after != null && f.name().compareTo(after) <= 0) {
                continue;
            }
            if (n == maxItems) {
                more = true;
                break;
            }
            f.writeConfiguration(json);
            last = f.name();
            n++;
        }
        json.endArray();
        if (more && last != null) { // last is set whenever more is: maxItems is at least 1
            json.field(
                    "NextMarker",
                    Base64.getUrlEncoder().encodeToString(last.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return json.endObject().toString();
    }

    String putConcurrency(String name, Map<String, Object> request) {
        DeployedFunction f = existing(name);
        Long reserved = Fields.number(request, "ReservedConcurrentExecutions");
        if (reserved < 0) {
            throw ApiError.validation(
                    String.valueOf(reserved),
                    "reservedConcurrentExecutions",
                    "Member must have value greater than or equal to 0");
        }
        if (reserved < 1 || reserved > FunctionDefinition.MAX_CONCURRENCY) {
            throw ApiError.invalid("ReservedConcurrentExecutions " + reserved + " for " + name
                    + ": lambda-local takes 1.." + FunctionDefinition.MAX_CONCURRENCY);
        }
        int limit = reserved.intValue();
        DeployedFunction updated = f.withReservedConcurrency(
                limit, f.definition().toBuilder().concurrencyLimit(limit).build());
        functions.put(name, updated);
        if (!f.state().equals("Pending")) {
            fleet.concurrencyLimit(name, limit);
        }
        log.info("reserved concurrency of {} is {}", name, limit);
        return new JsonWriter()
                .beginObject()
                .field("ReservedConcurrentExecutions", limit)
                .endObject()
                .toString();
    }

    /** Deletes every function's code; the fleet closes their instances itself. */
    public void close() {
        functions.values().forEach(f -> CodePackage.delete(f.codeDirectory()));
        functions.clear();
    }

    // ---- state transitions ----------------------------------------------------------------

    private void activate(String name, String revision) {
        DeployedFunction f = functions.get(name);
        if (f == null || !f.revisionId().equals(revision)) {
            return;
        }
        fleet.replace(f.definition());
        functions.put(name, f.settled("Active"));
        log.info("function {} is Active", name);
    }

    private void settle(String name, String revision, @Nullable Path oldCode) {
        DeployedFunction f = functions.get(name);
        if (f == null || !f.revisionId().equals(revision)) {
            return;
        }
        fleet.replace(f.definition());
        functions.put(name, f.settled(f.state()));
        if (oldCode != null) {
            CodePackage.delete(oldCode);
        }
        log.info("update of function {} is Successful", name);
    }

    private void later(Runnable step) {
        Runnable guarded = () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("a function state change failed", e);
            }
        };
        long delay = settings.transitionDelay().toNanos();
        if (delay == 0) {
            worker.execute(guarded);
        } else {
            worker.schedule(guarded, delay, TimeUnit.NANOSECONDS);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private DeployedFunction existing(String name) {
        DeployedFunction f = functions.get(name);
        if (f == null) {
            f = fleet.function(name).map(this::javaRegistered).orElse(null);
        }
        if (f == null) {
            throw ApiError.notFound(fleet.functionArn(name));
        }
        return f;
    }

    private DeployedFunction idle(String name) {
        DeployedFunction f = functions.get(name);
        if (f == null) {
            if (fleet.function(name).isPresent()) {
                throw ApiError.invalid(
                        "function " + name + " was registered through lambda-local's Java API;" + " change it there");
            }
            throw ApiError.notFound(fleet.functionArn(name));
        }
        if (f.busy()) {
            throw ApiError.conflict(
                    "The operation cannot be performed at this time. An update is in progress for resource: "
                            + f.arn());
        }
        return f;
    }

    /** A function registered from Java, shown read-only as the API would show it. */
    private DeployedFunction javaRegistered(FunctionDefinition d) {
        return new DeployedFunction(
                fleet.functionArn(d.name()),
                "java21",
                "arn:aws:iam::000000000000:role/lambda-local",
                "registered through lambda-local's Java API",
                "",
                0,
                now(),
                "java-api",
                "Active",
                null,
                null,
                "Successful",
                List.of(),
                List.of(),
                null,
                d,
                null);
    }

    private static DeployedFunction inProgress(DeployedFunction f, String revision) {
        return new DeployedFunction(
                f.arn(),
                f.runtime(),
                f.role(),
                f.description(),
                f.codeSha256(),
                f.codeSize(),
                now(),
                revision,
                f.state(),
                f.stateReason(),
                f.stateReasonCode(),
                "InProgress",
                f.subnetIds(),
                f.securityGroupIds(),
                f.reservedConcurrency(),
                f.definition(),
                f.codeDirectory());
    }

    private static String configuration(DeployedFunction f) {
        JsonWriter json = new JsonWriter();
        f.writeConfiguration(json);
        return json.toString();
    }

    private static byte[] zipOf(Map<String, Object> code) {
        if (code.containsKey("S3Bucket") || code.containsKey("ImageUri")) {
            throw ApiError.invalid("lambda-local takes code as ZipFile only: upload the package bytes");
        }
        String encoded = Fields.string(code, "ZipFile");
        byte[] zip;
        try {
            zip = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("ZipFile is not base64: " + e.getMessage());
        }
        if (zip.length > CodePackage.MAX_ZIPPED_BYTES) {
            throw new ApiError(
                    io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "RequestEntityTooLargeException",
                    "Request must be smaller than " + CodePackage.MAX_ZIPPED_BYTES
                            + " bytes for the CreateFunction operation: upload a smaller package");
        }
        return zip;
    }

    private static FunctionDefinition build(FunctionDefinition.Builder b) {
        try {
            return b.build();
        } catch (InvalidFunctionDefinitionException e) {
            throw ApiError.invalid(String.valueOf(e.getMessage()));
        }
    }

    private static void checkRuntime(String runtime) {
        if (!JAVA_RUNTIMES.contains(runtime)) {
            throw ApiError.invalid("The runtime parameter of " + runtime + " is not supported by lambda-local,"
                    + " which runs Java functions: use one of " + new java.util.TreeSet<>(JAVA_RUNTIMES));
        }
    }

    private static int memory(Map<String, Object> request, int fallback) {
        Long v = Fields.optionalNumber(request, "MemorySize");
        if (v == null) {
            return fallback;
        }
        if (v < FunctionDefinition.MIN_MEMORY_MB || v > FunctionDefinition.MAX_MEMORY_MB) {
            throw ApiError.validation(
                    String.valueOf(v),
                    "memorySize",
                    "Member must have value between " + FunctionDefinition.MIN_MEMORY_MB + " and "
                            + FunctionDefinition.MAX_MEMORY_MB);
        }
        return v.intValue();
    }

    private static int timeout(Map<String, Object> request, int fallback) {
        Long v = Fields.optionalNumber(request, "Timeout");
        if (v == null) {
            return fallback;
        }
        if (v < 1 || v > FunctionDefinition.MAX_TIMEOUT.toSeconds()) {
            throw ApiError.validation(String.valueOf(v), "timeout", "Member must have value between 1 and 900");
        }
        return v.intValue();
    }

    private static Map<String, String> environment(Map<String, Object> request, Map<String, String> fallback) {
        Map<String, Object> env = Fields.optionalObject(request, "Environment");
        if (env == null) {
            return fallback;
        }
        Map<String, Object> vars = Fields.optionalObject(env, "Variables");
        Map<String, String> out = new LinkedHashMap<>();
        if (vars != null) {
            vars.forEach((k, v) -> {
                if (!(v instanceof String s)) {
                    throw ApiError.invalid("environment variable " + k + " must be a string");
                }
                out.put(k, s);
            });
        }
        return out;
    }

    private static Architecture architecture(Map<String, Object> request, Architecture fallback) {
        List<String> list = Fields.strings(request, "Architectures");
        if (list == null) {
            return fallback;
        }
        if (list.size() != 1) {
            throw ApiError.validation(
                    list.toString(), "architectures", "Member must have length less than or equal to 1");
        }
        return switch (list.get(0)) {
            case "x86_64" -> Architecture.X86_64;
            case "arm64" -> Architecture.ARM64;
            default ->
                throw ApiError.validation(
                        list.toString(), "architectures", "Member must satisfy enum value set: [x86_64, arm64]");
        };
    }

    private static List<String> subnets(Map<String, Object> vpc) {
        List<String> ids = Fields.strings(vpc, "SubnetIds");
        ids = ids == null ? List.of() : ids;
        for (String id : ids) {
            if (!id.startsWith("subnet-")) {
                throw ApiError.invalid("Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound."
                        + " EC2 Error Message: The subnet ID '" + id + "' does not exist");
            }
        }
        return List.copyOf(ids);
    }

    private static List<String> securityGroups(Map<String, Object> vpc) {
        List<String> ids = Fields.strings(vpc, "SecurityGroupIds");
        ids = ids == null ? List.of() : ids;
        for (String id : ids) {
            if (!id.startsWith("sg-")) {
                throw ApiError.invalid(
                        "Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound."
                                + " EC2 Error Message: The security group '" + id + "' does not exist");
            }
        }
        return List.copyOf(ids);
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
    }
}
