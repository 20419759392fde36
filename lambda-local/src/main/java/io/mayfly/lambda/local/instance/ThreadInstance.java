package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.FunctionDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * An in-process instance: one thread and one class loader of its own, so the handler's statics
 * and objects live exactly as long as the instance, as they would in a separate JVM.
 * Killing it cannot end a JVM, so it comes as close as threads allow: it interrupts every thread
 * of the instance's thread group (threads the handler starts join it), closes the handler object
 * if it is {@link AutoCloseable} (an in-process courtesy: on Lambda the process just dies, so a
 * handler can release its sockets and threads there), drops the class loader, and discards any
 * result that still arrives.
 */
final class ThreadInstance extends FunctionInstance {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ThreadInstance.class);
    private final URL[] classpath;
    private final ClassLoader apiLoader;
    private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    private final ThreadGroup threads;
    private final Thread thread;
    private volatile boolean terminated;
    private volatile @Nullable URLClassLoader loader;
    private volatile @Nullable Object handlerObject;

    private record Delivery(Invocation invocation, String invokedFunctionArn) {}

    ThreadInstance(String id, FunctionDefinition function, InstanceHost host, URL[] classpath, ClassLoader apiLoader) {
        super(id, function, host);
        this.classpath = classpath;
        this.apiLoader = apiLoader;
        this.threads = new ThreadGroup("lambda-" + function.name() + "-" + id);
        this.thread = new Thread(threads, this::run, "lambda-" + function.name() + "-" + id);
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
            handlerObject = handler.target();
            if (terminated) {
                closeHandler();
                return;
            }
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
            LocalContext context = new LocalContext(
                    invocation.requestId(),
                    invocation.deadlineEpochMs(),
                    function.name(),
                    delivery.invokedFunctionArn(),
                    id,
                    function.memoryMb());
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
        threads.interrupt();
        closeHandler();
        URLClassLoader l = loader;
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // Closing only releases jar handles; nothing to recover.
            }
        }
    }

    private void closeHandler() {
        if (handlerObject instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Throwable t) {
                log.debug("closing the handler of killed instance {} failed: {}", id, t.toString());
            }
        }
    }

    // In-process freezing is the pool's: no new invocation, completion withheld until resume.
    @Override
    void suspend() {}

    @Override
    void resumeExecution() {}

    @Override
    String threadName() {
        return thread.getName();
    }
}
