package io.mayfly.proxy.testnode;

import io.mayfly.proxy.node.NodeInvoker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs {@link MemoryNodeHandler} instances on threads, one warm instance per function, without an
 * HTTP hop: for proxy tests that do not need lambda-local. {@link #reclaim} loses an instance.
 */
public final class DirectInvoker implements NodeInvoker {

    private final Map<String, MemoryNodeHandler> instances = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "direct-invocation");
        t.setDaemon(true);
        return t;
    });

    @Override
    public CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
        MemoryNodeHandler handler = instances.computeIfAbsent(functionName, n -> new MemoryNodeHandler());
        return CompletableFuture.supplyAsync(
                () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        handler.handleRequest(new ByteArrayInputStream(payload), out, null);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new InvocationResult(200, null, out.toByteArray());
                },
                threads);
    }

    /** The instance of a function, or null before its first invocation. */
    public MemoryNodeHandler instance(String functionName) {
        return instances.get(functionName);
    }

    /** Forgets an instance: the next invocation starts a fresh, empty one. */
    public void reclaim(String functionName) {
        instances.remove(functionName);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
