package io.mayfly.proxy;

import io.mayfly.proxy.node.LambdaInvoker;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A running proxy with what it needs: for local runtimes the lambda-local service, then the
 * invoker and the server. Closed in reverse order of start.
 */
public final class ProxyStack implements AutoCloseable {

    private final @Nullable LocalFunctions functions;
    private final ProxyServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProxyStack(@Nullable LocalFunctions functions, ProxyServer server) {
        this.functions = functions;
        this.server = server;
    }

    public static ProxyStack start(ProxySettings settings, LocalFunctions.NodeCode code) {
        return start(settings, ProxySecurity.NONE, ConnectionLimits.DEFAULTS, code, null);
    }

    /** Against another Lambda endpoint: see the five-argument form. */
    public static ProxyStack start(ProxySettings settings, LocalFunctions.NodeCode code, URI lambdaEndpoint) {
        return start(settings, ProxySecurity.NONE, ConnectionLimits.DEFAULTS, code, lambdaEndpoint);
    }

    /** With an auth token and TLS. */
    public static ProxyStack start(ProxySettings settings, ProxySecurity security, LocalFunctions.NodeCode code) {
        return start(settings, security, ConnectionLimits.DEFAULTS, code, null);
    }

    /** With bounds on client connections. */
    public static ProxyStack start(ProxySettings settings, ConnectionLimits limits, LocalFunctions.NodeCode code) {
        return start(settings, ProxySecurity.NONE, limits, code, null);
    }

    /**
     * @param lambdaEndpoint for runtime aws, the Lambda endpoint to use instead of the region's
     *     (a standalone lambda-local, a VPC endpoint); null for the region's
     */
    public static ProxyStack start(
            ProxySettings settings,
            ProxySecurity security,
            ConnectionLimits limits,
            LocalFunctions.NodeCode code,
            @Nullable URI lambdaEndpoint) {
        if (lambdaEndpoint != null && settings.runtime() != FunctionRuntime.AWS) {
            throw new IllegalArgumentException("--endpoint-url " + lambdaEndpoint + " applies to --runtime aws only;"
                    + " runtime " + settings.runtime().option() + " starts its own lambda-local");
        }
        if (settings.clientPort() >= 0) {
            // Before any function starts: a refused start should cost nothing.
            security.requireAuthOffLoopback(settings.bindHost());
        }
        LocalFunctions functions = null;
        try {
            LambdaInvoker invoker;
            if (settings.runtime() == FunctionRuntime.AWS) {
                if (lambdaEndpoint == null) {
                    requireRoutableAdvertisedHost(settings.advertisedHost());
                }
                invoker = lambdaEndpoint != null
                        ? LambdaInvoker.forEndpoint(
                                lambdaEndpoint,
                                settings.region(),
                                settings.billing().invocationTimeout(),
                                settings.poolSize())
                        : LambdaInvoker.forAws(
                                settings.region(), settings.billing().invocationTimeout(), settings.poolSize());
                checkFunctions(invoker, settings, lambdaEndpoint);
            } else {
                functions = LocalFunctions.start(settings, code);
                invoker = LambdaInvoker.forEndpoint(
                        functions.endpoint(),
                        settings.region(),
                        settings.billing().invocationTimeout(),
                        settings.poolSize());
            }
            return new ProxyStack(functions, ProxyServer.start(settings, security, limits, invoker));
        } catch (RuntimeException e) {
            if (functions != null) {
                functions.close();
            }
            throw e;
        }
    }

    /**
     * Functions on AWS dial the advertised host from their own network: loopback or a wildcard
     * there would make each function dial itself, and every invocation would time out.
     */
    static void requireRoutableAdvertisedHost(String host) {
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = h.equals("localhost")
                || h.startsWith("127.")
                || h.equals("::1")
                || h.equals("[::1]")
                || h.equals("0:0:0:0:0:0:0:1");
        boolean wildcard = h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]") || h.equals("0:0:0:0:0:0:0:0");
        if (loopback || wildcard) {
            throw new IllegalArgumentException("--advertised-host " + host + " is "
                    + (loopback ? "a loopback address" : "a wildcard address")
                    + ": functions on AWS Lambda dial it from their VPC and would never reach this proxy;"
                    + " set --advertised-host to this machine's private IP address (or DNS name) in the"
                    + " functions' VPC, and open --node-port to them");
        }
    }

    /** GetFunction for every pool function and one DryRun invocation; all problems in one error. */
    private static void checkFunctions(LambdaInvoker invoker, ProxySettings settings, @Nullable URI lambdaEndpoint) {
        String where = lambdaEndpoint != null ? lambdaEndpoint.toString() : "region " + settings.region();
        java.util.List<String> problems;
        try {
            problems = invoker.startupProblems(
                    io.mayfly.proxy.node.NodePool.functionNames(settings.functionPrefix(), settings.poolSize()),
                    settings.functionMemoryMb(),
                    where);
        } catch (RuntimeException e) {
            invoker.close();
            throw e;
        }
        if (!problems.isEmpty()) {
            invoker.close();
            throw new IllegalStateException("the proxy will not start: " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + " with its functions in " + where + ":\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    public ProxyServer server() {
        return server;
    }

    /** The proxy's small-value tier for callers in this JVM: see {@link DirectStore}. */
    public DirectStore direct() {
        return server.direct();
    }

    /** The local functions, or null for runtime aws. */
    public @Nullable LocalFunctions functions() {
        return functions;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        if (functions != null) {
            functions.close();
        }
    }
}
