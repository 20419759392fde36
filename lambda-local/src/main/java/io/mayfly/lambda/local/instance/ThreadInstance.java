package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.FunctionDefinition;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-process instance: one thread and one class loader of its own, so the handler's statics
 * and objects live exactly as long as the instance, as they would in a separate JVM.
 * Killing it interrupts the thread and drops the class loader; a handler that ignores interrupts
 * keeps its thread until it returns, but its result is discarded.
 */
final class ThreadInstance extends FunctionInstance {
    private final URL[] classpath;
    private final ClassLoader apiLoader;
    private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean terminated;
    private volatile URLClassLoader loader;

    private record Delivery(Invocation invocation, String invokedFunctionArn) { }

    ThreadInstance(String id, FunctionDefinition function, InstanceHost host, URL[] classpath, ClassLoader apiLoader) {
        super(id, function, host);
        this.classpath = classpath;
        this.apiLoader = apiLoader;
        this.thread = new Thread(this::run, "lambda-" + function.name() + "-" + id);
        this.thread.setDaemon(true);
    }

    @Override
    void start() {
        thread.start();
    }

    private void run() {
        StreamHandlerInvoker handler;
        try {
            URLClassLoader own = new URLClassLoader("lambda-" + function.name() + "-" + id, classpath, apiLoader);
            loader = own;
            if (terminated) {
                // Killed before its loader existed: terminate() could not close it.
                own.close();
                return;
            }
            thread.setContextClassLoader(own);
            handler = StreamHandlerInvoker.load(function.handler(), own);
        } catch (Throwable t) {
            if (!terminated) {
                host.initFailed(this, InvocationResult.errorBody(t));
            }
            return;
        }
        host.ready(this);
        while (!terminated) {
            Delivery delivery;
            try {
                delivery = inbox.take();
            } catch (InterruptedException e) {
                return;
            }
            Invocation invocation = delivery.invocation();
            LocalContext context = new LocalContext(invocation.requestId(), invocation.deadlineEpochMs(),
                    function.name(), delivery.invokedFunctionArn(), id, function.memoryMb());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InvocationResult result;
            try {
                handler.invoke(new ByteArrayInputStream(invocation.payload()), out, context);
                result = InvocationResult.success(out.toByteArray(), id);
            } catch (Throwable t) {
                result = InvocationResult.error(InvocationResult.errorBody(t), id);
            }
            if (terminated) {
                return;
            }
            host.completed(this, invocation.requestId(), result);
        }
    }

    @Override
    void deliver(Invocation invocation, String invokedFunctionArn) {
        inbox.add(new Delivery(invocation, invokedFunctionArn));
    }

    @Override
    void terminate() {
        if (terminated) {
            return;
        }
        terminated = true;
        thread.interrupt();
        URLClassLoader l = loader;
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // Closing only releases jar handles; nothing to recover.
            }
        }
    }

    // In-process freezing is the pool's: no new invocation, completion withheld until resume.
    @Override
    void suspend() {
    }

    @Override
    void resumeExecution() {
    }

    @Override
    String threadName() {
        return thread.getName();
    }
}
