package io.mayfly.proxy;

import io.mayfly.proxy.node.LambdaInvoker;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running proxy with what it needs: for local runtimes the lambda-local service, then the
 * invoker and the server. Closed in reverse order of start.
 */
public final class ProxyStack implements AutoCloseable {

    private final LocalFunctions functions;
    private final ProxyServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProxyStack(LocalFunctions functions, ProxyServer server) {
        this.functions = functions;
        this.server = server;
    }

    public static ProxyStack start(ProxySettings settings, LocalFunctions.NodeCode code) {
        return start(settings, ConnectionLimits.DEFAULTS, code);
    }

    public static ProxyStack start(ProxySettings settings, ConnectionLimits limits, LocalFunctions.NodeCode code) {
        LocalFunctions functions = null;
        try {
            LambdaInvoker invoker;
            if (settings.runtime() == FunctionRuntime.AWS) {
                invoker = LambdaInvoker.forAws(
                        settings.region(), settings.billing().invocationTimeout(), settings.poolSize());
            } else {
                functions = LocalFunctions.start(settings, code);
                invoker = LambdaInvoker.forEndpoint(
                        functions.endpoint(),
                        settings.region(),
                        settings.billing().invocationTimeout(),
                        settings.poolSize());
            }
            return new ProxyStack(functions, ProxyServer.start(settings, limits, invoker));
        } catch (RuntimeException e) {
            if (functions != null) {
                functions.close();
            }
            throw e;
        }
    }

    public ProxyServer server() {
        return server;
    }

    /** The local functions, or null for runtime aws. */
    public LocalFunctions functions() {
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
