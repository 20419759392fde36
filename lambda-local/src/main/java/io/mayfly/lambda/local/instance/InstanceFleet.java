package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.billing.BillingMeter;
import io.netty.channel.EventLoopGroup;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every registered function's instances, and the threads that serve them: a timer, a launcher
 * (process starts and kills block), and one event thread so listeners hear events in order.
 */
public final class InstanceFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceFleet.class);

    /** Service-wide settings the fleet needs. */
    public record Settings(
            EventLoopGroup runtimeApiGroup,
            BillingMeter billing,
            Path logDirectory,
            Path workDirectory,
            Path javaExecutable,
            Duration initTimeout,
            String region,
            String accountId) {}

    /** How a submitted invocation was taken. */
    public enum Admission {
        /** On an instance now (warm, or cold-starting for it). */
        ACCEPTED,
        /** An Event invocation past the concurrency limit, waiting in the function's queue. */
        QUEUED,
        /** A synchronous invocation past the concurrency limit: 429. */
        THROTTLED,
        UNKNOWN_FUNCTION,
        CLOSED
    }

    private final Settings settings;
    private final Map<String, InstancePool> pools = new ConcurrentHashMap<>();
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService starter;
    private final ExecutorService events;
    private final PoolServices services;
    private final ClassLoader apiLoader = new LambdaApiClassLoader(FunctionDefinition.class.getClassLoader());
    private volatile @Nullable RuntimeInterfaceClient runtimeClient;
    private volatile boolean closed;

    public InstanceFleet(Settings settings) {
        this.settings = settings;
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("lambda-local-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.starter = Executors.newCachedThreadPool(daemon("lambda-local-launcher"));
        this.events = Executors.newSingleThreadExecutor(daemon("lambda-local-events"));
        this.services = new PoolServices(
                scheduler,
                starter,
                events,
                this::publish,
                settings.billing(),
                this::createInstance,
                settings.initTimeout(),
                settings.region(),
                settings.accountId(),
                new AtomicLong());
    }

    public void register(FunctionDefinition function) {
        if (closed) {
            throw new IllegalStateException(
                    "the local Lambda service is closed; start a new one to register " + function.name());
        }
        if (function.instanceMode() == InstanceMode.PROCESS) {
            runtimeClient();
        }
        InstancePool previous = pools.putIfAbsent(function.name(), new InstancePool(function, services));
        if (previous != null) {
            throw new IllegalStateException("function " + function.name()
                    + " is already registered; deregister it first to change its definition");
        }
        log.info("registered {}", function);
    }

    /**
     * Swaps a registered function's definition (new code or configuration): invocations from now
     * on start instances of the new one, and the old one's instances end, as when Lambda retires
     * the instances of a function's previous version. Registers it if it was not.
     */
    public void replace(FunctionDefinition function) {
        if (closed) {
            throw new IllegalStateException(
                    "the local Lambda service is closed; start a new one to register " + function.name());
        }
        if (function.instanceMode() == InstanceMode.PROCESS) {
            runtimeClient();
        }
        InstancePool previous = pools.put(function.name(), new InstancePool(function, services));
        if (previous != null) {
            previous.close(TerminationReason.FUNCTION_REMOVED);
        }
        log.info("registered {}", function);
    }

    /** Changes a function's concurrency limit and keeps its instances; false if it is not registered. */
    public boolean concurrencyLimit(String functionName, int limit) {
        InstancePool pool = pools.get(functionName);
        if (pool == null) {
            return false;
        }
        pool.concurrencyLimit(limit);
        return true;
    }

    /** Removes a function and kills its instances; false if it was not registered. */
    public boolean deregister(String functionName) {
        InstancePool pool = pools.remove(functionName);
        if (pool == null) {
            return false;
        }
        pool.close(TerminationReason.FUNCTION_REMOVED);
        return true;
    }

    public Optional<FunctionDefinition> function(String name) {
        InstancePool pool = pools.get(name);
        return pool == null ? Optional.empty() : Optional.of(pool.function());
    }

    public List<FunctionDefinition> functions() {
        List<FunctionDefinition> out = new ArrayList<>();
        pools.values().forEach(p -> out.add(p.function()));
        return out;
    }

    public String functionArn(String functionName) {
        return services.functionArn(functionName);
    }

    public Admission submit(String functionName, Invocation invocation) {
        if (closed) {
            return Admission.CLOSED;
        }
        InstancePool pool = pools.get(functionName);
        if (pool == null) {
            return Admission.UNKNOWN_FUNCTION;
        }
        return switch (pool.submit(invocation)) {
            case ACCEPTED -> Admission.ACCEPTED;
            case QUEUED -> Admission.QUEUED;
            case THROTTLED -> Admission.THROTTLED;
            case CLOSED -> Admission.CLOSED;
        };
    }

    public List<InstanceInfo> instances() {
        List<InstanceInfo> out = new ArrayList<>();
        pools.values().forEach(p -> out.addAll(p.list()));
        return out;
    }

    public boolean reclaim(String instanceId) {
        return pools.values().stream().anyMatch(p -> p.reclaim(instanceId));
    }

    public boolean freeze(String instanceId) {
        return pools.values().stream().anyMatch(p -> p.freeze(instanceId));
    }

    public boolean resume(String instanceId) {
        return pools.values().stream().anyMatch(p -> p.resume(instanceId));
    }

    public void addListener(InstanceListener listener) {
        listeners.add(listener);
    }

    public void removeListener(InstanceListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (InstancePool pool : pools.values()) {
            pool.close(TerminationReason.SERVICE_CLOSED);
        }
        pools.clear();
        scheduler.shutdownNow();
        // Not shutdownNow: a queued terminate of an instance that already left its pool must run.
        starter.shutdown();
        events.shutdown();
        try {
            starter.awaitTermination(10, TimeUnit.SECONDS);
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutdownNow();
    }

    private void publish(InstanceEvent event) {
        for (InstanceListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("instance listener {} failed on {}", l, event, e);
            }
        }
    }

    private FunctionInstance createInstance(String id, FunctionDefinition function, InstanceHost host) {
        if (function.instanceMode() == InstanceMode.PROCESS) {
            ProcessInstance.Launch launch = new ProcessInstance.Launch(
                    settings.runtimeApiGroup(),
                    runtimeClient(),
                    settings.javaExecutable(),
                    settings.logDirectory(),
                    settings.workDirectory(),
                    settings.region());
            return new ProcessInstance(id, function, host, launch);
        }
        return new ThreadInstance(id, function, host, inProcessClasspath(function), apiLoader);
    }

    private RuntimeInterfaceClient runtimeClient() {
        RuntimeInterfaceClient client = runtimeClient;
        if (client == null) {
            synchronized (this) {
                client = runtimeClient;
                if (client == null) {
                    try {
                        client = RuntimeInterfaceClient.locate(
                                InstanceFleet.class.getClassLoader(), settings.workDirectory());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                    runtimeClient = client;
                }
            }
        }
        return client;
    }

    /** The function's classpath; by default this JVM's, loaded afresh per instance. */
    private static URL[] inProcessClasspath(FunctionDefinition function) {
        List<Path> entries = function.classpath();
        if (entries.isEmpty()) {
            entries = new ArrayList<>();
            for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!e.isEmpty()) {
                    entries.add(Path.of(e));
                }
            }
        }
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("classpath entry " + entries.get(i) + " is not a valid path", e);
            }
        }
        return urls;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
