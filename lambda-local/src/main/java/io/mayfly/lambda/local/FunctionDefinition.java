package io.mayfly.lambda.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A function as registered with {@link LocalLambdaService}: what Lambda's CreateFunction takes
 * (name, handler, memory, timeout, environment, code) plus the local knobs (instance mode,
 * concurrency limit, idle reclaim, maximum lifetime, cold-start delay). Immutable; build with
 * {@link #builder(String, String)}.
 */
public final class FunctionDefinition {
    public static final int MIN_MEMORY_MB = 128;
    public static final int MAX_MEMORY_MB = 10_240;
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(900);
    public static final int MAX_CONCURRENCY = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String JAVA_NAME = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern HANDLER = Pattern.compile(JAVA_NAME + "(\\." + JAVA_NAME + ")*(::" + JAVA_NAME + ")?");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    // Lambda refuses these in CreateFunction: the runtime sets them itself.
    private static final Set<String> RESERVED_ENV = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    private final String name;
    private final String handler;
    private final int memoryMb;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final List<Path> classpath;
    private final InstanceMode instanceMode;
    private final int concurrencyLimit;
    private final Duration idleReclaim;
    private final @Nullable Duration maxLifetime;
    private final Duration coldStartDelay;
    private final Architecture architecture;
    private final List<String> jvmOptions;

    private FunctionDefinition(Builder b) {
        this.name = b.name;
        this.handler = b.handler;
        this.memoryMb = b.memoryMb;
        this.timeout = b.timeout;
        this.environment = Map.copyOf(b.environment);
        this.classpath = List.copyOf(b.classpath);
        this.instanceMode = b.instanceMode;
        this.concurrencyLimit = b.concurrencyLimit;
        this.idleReclaim = b.idleReclaim;
        this.maxLifetime = b.maxLifetime;
        this.coldStartDelay = b.coldStartDelay;
        this.architecture = b.architecture;
        this.jvmOptions = List.copyOf(b.jvmOptions);
    }

    /**
     * @param name    the function name, as in the Invoke API path ({@code [A-Za-z0-9_-]}, up to 64)
     * @param handler {@code pkg.Class} (a {@code RequestStreamHandler} or {@code RequestHandler}) or
     *                {@code pkg.Class::method}
     */
    public static Builder builder(String name, String handler) {
        return new Builder(name, handler);
    }

    public String name() {
        return name;
    }

    public String handler() {
        return handler;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, String> environment() {
        return environment;
    }
    /** The function's code: directories and jars, as a deployment package's contents would be. */
    public List<Path> classpath() {
        return classpath;
    }

    public InstanceMode instanceMode() {
        return instanceMode;
    }
    /** Reserved concurrency: the most instances at once; an invocation past it gets 429. */
    public int concurrencyLimit() {
        return concurrencyLimit;
    }

    public Duration idleReclaim() {
        return idleReclaim;
    }

    public Optional<Duration> maxLifetime() {
        return Optional.ofNullable(maxLifetime);
    }

    public Duration coldStartDelay() {
        return coldStartDelay;
    }

    public Architecture architecture() {
        return architecture;
    }
    /** Extra JVM options for process-mode instances (after the ones derived from memory). */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** A builder holding this definition's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, handler)
                .memoryMb(memoryMb)
                .timeout(timeout)
                .environment(environment)
                .classpath(classpath)
                .instanceMode(instanceMode)
                .concurrencyLimit(concurrencyLimit)
                .idleReclaim(idleReclaim)
                .coldStartDelay(coldStartDelay)
                .architecture(architecture)
                .jvmOptions(jvmOptions);
        b.maxLifetime = maxLifetime;
        return b;
    }

    @Override
    public String toString() {
        return "FunctionDefinition[" + name + ", " + handler + ", " + memoryMb + " MB, timeout " + timeout + ", "
                + instanceMode + ", concurrency " + concurrencyLimit + "]";
    }

    /** Collects a definition; {@link #build()} validates it against Lambda's limits. */
    public static final class Builder {
        private final String name;
        private final String handler;
        private int memoryMb = MIN_MEMORY_MB;
        private Duration timeout = Duration.ofSeconds(3);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<Path> classpath = new ArrayList<>();
        private InstanceMode instanceMode = InstanceMode.IN_PROCESS;
        private int concurrencyLimit = 100;
        private Duration idleReclaim = Duration.ofMinutes(30);
        private @Nullable Duration maxLifetime;
        private Duration coldStartDelay = Duration.ZERO;
        private Architecture architecture = Architecture.X86_64;
        private final List<String> jvmOptions = new ArrayList<>();

        private Builder(String name, String handler) {
            this.name = name;
            this.handler = handler;
        }

        /** Memory in MB, 128..10240 (Lambda's range); default 128. Process mode derives -Xmx from it. */
        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }
        /** Up to 900 s; default 3 s, Lambda's default. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment.putAll(environment);
            return this;
        }

        public Builder environment(String key, String value) {
            this.environment.put(key, value);
            return this;
        }
        /** Required for {@link InstanceMode#PROCESS}; in-process mode defaults to this JVM's classpath. */
        public Builder classpath(List<Path> classpath) {
            this.classpath.addAll(classpath);
            return this;
        }

        public Builder classpath(Path... entries) {
            return classpath(List.of(entries));
        }
        /** Default {@link InstanceMode#IN_PROCESS}. */
        public Builder instanceMode(InstanceMode instanceMode) {
            this.instanceMode = instanceMode;
            return this;
        }
        /** 1..1000; default 100. */
        public Builder concurrencyLimit(int concurrencyLimit) {
            this.concurrencyLimit = concurrencyLimit;
            return this;
        }
        /** How long an instance may sit idle before it is reclaimed; default 30 min (AWS: 10-65 min seen). */
        public Builder idleReclaim(Duration idleReclaim) {
            this.idleReclaim = idleReclaim;
            return this;
        }
        /** An instance older than this is retired once idle; default none. */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }
        /** Added to each cold start before the instance takes its first invocation; default 0. */
        public Builder coldStartDelay(Duration coldStartDelay) {
            this.coldStartDelay = coldStartDelay;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions.addAll(jvmOptions);
            return this;
        }

        public FunctionDefinition build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidFunctionDefinitionException(
                        "function name '" + name + "' is not a Lambda function name: use 1 to 64 of A-Z a-z 0-9 - _");
            }
            if (handler == null || !HANDLER.matcher(handler).matches()) {
                throw new InvalidFunctionDefinitionException("handler '" + handler + "' of function " + name
                        + " is not a Java handler: use pkg.Class or pkg.Class::method");
            }
            if (memoryMb < MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
                throw new InvalidFunctionDefinitionException("memory " + memoryMb + " MB of function " + name
                        + " is outside Lambda's range: use " + MIN_MEMORY_MB + ".." + MAX_MEMORY_MB + " MB");
            }
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidFunctionDefinitionException("timeout " + timeout + " of function " + name
                        + " is outside Lambda's range: use more than 0 and at most 900 s");
            }
            for (Map.Entry<String, String> e : environment.entrySet()) {
                if (e.getKey() == null || !ENV_KEY.matcher(e.getKey()).matches() || e.getValue() == null) {
                    throw new InvalidFunctionDefinitionException(
                            "environment variable '" + e.getKey() + "' of function " + name
                                    + " is invalid: use a name [A-Za-z][A-Za-z0-9_]* and a non-null value");
                }
                if (RESERVED_ENV.contains(e.getKey())) {
                    throw new InvalidFunctionDefinitionException("environment variable " + e.getKey() + " of function "
                            + name + " is reserved by the Lambda runtime: choose another name");
                }
            }
            Objects.requireNonNull(instanceMode, "instanceMode");
            if (instanceMode == InstanceMode.PROCESS && classpath.isEmpty()) {
                throw new InvalidFunctionDefinitionException("function " + name
                        + " runs in PROCESS mode but has no classpath: give the handler's jars or class directories");
            }
            for (Path entry : classpath) {
                if (!Files.exists(entry)) {
                    throw new InvalidFunctionDefinitionException("classpath entry " + entry + " of function " + name
                            + " does not exist: build it first or fix the path");
                }
            }
            if (concurrencyLimit < 1 || concurrencyLimit > MAX_CONCURRENCY) {
                throw new InvalidFunctionDefinitionException("concurrency limit " + concurrencyLimit + " of function "
                        + name + " is outside 1.." + MAX_CONCURRENCY);
            }
            requirePositive(idleReclaim, "idle reclaim");
            if (maxLifetime != null) {
                requirePositive(maxLifetime, "max lifetime");
            }
            Objects.requireNonNull(coldStartDelay, "coldStartDelay");
            if (coldStartDelay.isNegative()) {
                throw new InvalidFunctionDefinitionException(
                        "cold-start delay " + coldStartDelay + " of function " + name + " is negative: use 0 or more");
            }
            Objects.requireNonNull(architecture, "architecture");
            return new FunctionDefinition(this);
        }

        private void requirePositive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidFunctionDefinitionException(
                        what + " " + d + " of function " + name + " must be positive");
            }
        }
    }
}
