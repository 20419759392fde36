package io.mayfly.proxy;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.protocol.invoke.NodeInvocation;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pool's functions on lambda-local, for runtime=local-process and local-in-process: the
 * service is started in this JVM and each pool function registered with the node handler. The
 * proxy still reaches them only through the AWS SDK, at {@link #endpoint()}.
 */
public final class LocalFunctions implements AutoCloseable {

    /** The function handler of lambda-node. */
    public static final String DEFAULT_NODE_HANDLER = "io.mayfly.node.MayflyNodeHandler";

    private final LocalLambdaService service;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalFunctions(LocalLambdaService service) {
        this.service = service;
    }

    /**
     * Starts lambda-local with the pool's functions registered.
     *
     * @param code the handler class and, for process mode, the class path of its code (empty: this
     *     JVM's class path)
     */
    public static LocalFunctions start(ProxySettings settings, NodeCode code) {
        InstanceMode mode = switch (settings.runtime()) {
            case LOCAL_PROCESS -> InstanceMode.PROCESS;
            case LOCAL_IN_PROCESS -> InstanceMode.IN_PROCESS;
            case AWS -> throw new IllegalArgumentException("runtime aws has no local functions");
        };
        // Billed at the proxy's billing window: 1 ms as AWS today, or 100 ms to compare with InfiniCache.
        LocalLambdaService service = LocalLambdaService.builder()
                .arnParts(settings.region(), "000000000000")
                .billingGranularity(Duration.ofMillis(settings.billing().billingWindowMs()))
                // The bill split by what each invocation was for: serve, warmup or backup.
                .invocationLabeler(
                        (function, payload) -> NodeInvocation.fromJson(new String(payload, StandardCharsets.UTF_8))
                                .command()
                                .wireName())
                .start();
        try {
            // The function's timeout sits above the longest serve so Lambda never kills a serving node.
            Duration timeout =
                    Duration.ofMillis(Math.min(900_000, settings.billing().maxServeMs() + 60_000));
            for (String name :
                    io.mayfly.proxy.node.NodePool.functionNames(settings.functionPrefix(), settings.poolSize())) {
                FunctionDefinition.Builder function = FunctionDefinition.builder(name, code.handler())
                        .memoryMb(settings.functionMemoryMb())
                        .timeout(timeout)
                        .instanceMode(mode)
                        // Room for a second instance (a later backup invocation); the pool asks one at a time.
                        .concurrencyLimit(2);
                if (mode == InstanceMode.PROCESS || !code.classpath().isEmpty()) {
                    function.classpath(code.classpathOrThisJvm());
                }
                service.register(function.build());
            }
            return new LocalFunctions(service);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** The Invoke API endpoint to give the SDK. */
    public URI endpoint() {
        return service.endpoint();
    }

    /** The local service: its control interface (reclaim, freeze) and billing meter. */
    public LocalLambdaService service() {
        return service;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            service.close();
        }
    }

    /**
     * The function code: its handler and where its classes are.
     *
     * @param handler the RequestStreamHandler class name
     * @param classpath jars and class directories; empty means this JVM's class path
     */
    public record NodeCode(String handler, List<Path> classpath) {

        public static final NodeCode DEFAULT = new NodeCode(DEFAULT_NODE_HANDLER, List.of());

        public NodeCode {
            classpath = List.copyOf(classpath);
        }

        List<Path> classpathOrThisJvm() {
            if (!classpath.isEmpty()) {
                return classpath;
            }
            List<Path> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                    entries.add(Path.of(entry));
                }
            }
            return entries;
        }
    }
}
