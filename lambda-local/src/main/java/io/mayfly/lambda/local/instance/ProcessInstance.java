package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.runtime.PendingNext;
import io.mayfly.lambda.local.runtime.RuntimeApiServer;
import io.mayfly.lambda.local.runtime.RuntimeSession;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process-mode instance: a child JVM running the official runtime interface client against a
 * Runtime API server of its own. Initialisation is over when the client first asks for
 * {@code /next}, as on Lambda. Its stdout and stderr go to a per-instance log file.
 */
final class ProcessInstance extends FunctionInstance implements RuntimeSession {
    private static final Logger log = LoggerFactory.getLogger(ProcessInstance.class);

    /** What every process instance of a service shares. */
    record Launch(
            EventLoopGroup group,
            RuntimeInterfaceClient client,
            Path javaExecutable,
            Path logDirectory,
            Path workDirectory,
            String region) {}

    private record Delivery(Invocation invocation, String invokedFunctionArn) {}

    private final Launch launch;
    private @Nullable RuntimeApiServer server;
    private @Nullable Process process;
    private boolean terminated;
    private boolean initialised;
    private @Nullable PendingNext parkedNext;
    private @Nullable Delivery queued;

    ProcessInstance(String id, FunctionDefinition function, InstanceHost host, Launch launch) {
        super(id, function, host);
        this.launch = launch;
    }

    @Override
    void start() throws IOException, InterruptedException {
        RuntimeApiServer runtimeApi = RuntimeApiServer.bind(launch.group(), this);
        Path taskRoot = launch.workDirectory().resolve(id);
        Files.createDirectories(taskRoot);
        Files.createDirectories(launch.logDirectory());
        Path logFile = launch.logDirectory().resolve(function.name() + "-" + id + ".log");

        List<String> command = new ArrayList<>();
        command.add(launch.javaExecutable().toString());
        // Lambda's Java runtime gives the heap most of the memory setting and uses the serial GC.
        command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-D" + RuntimeInterfaceClient.JNI_PROPERTY + "="
                + launch.client().jniLibrary());
        command.addAll(function.jvmOptions());
        List<Path> classpath = new ArrayList<>(launch.client().classpath());
        classpath.addAll(function.classpath());
        command.add("-cp");
        command.add(classpath.stream()
                .map(p -> p.toAbsolutePath().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(RuntimeInterfaceClient.MAIN_CLASS);
        command.add(function.handler());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // A function sees Lambda's environment, not the host's.
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.putAll(function.environment());
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("AWS_REGION", launch.region());
        env.put("AWS_DEFAULT_REGION", launch.region());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "[$LATEST]" + id);

        Process child;
        synchronized (this) {
            if (terminated) {
                runtimeApi.close();
                return;
            }
            server = runtimeApi;
            child = builder.start();
            process = child;
        }
        log.debug(
                "instance {} of {}: pid {}, runtime API {}, log {}",
                id,
                function.name(),
                child.pid(),
                runtimeApi.address(),
                logFile);
        child.onExit().thenAccept(p -> {
            boolean expected;
            synchronized (this) {
                expected = terminated;
            }
            if (!expected) {
                host.died(this, "exit status " + p.exitValue() + " (log " + logFile + ")");
            }
        });
    }

    @Override
    void deliver(Invocation invocation, String invokedFunctionArn) {
        PendingNext next;
        synchronized (this) {
            next = parkedNext;
            parkedNext = null;
            if (next == null) {
                queued = new Delivery(invocation, invokedFunctionArn);
                return;
            }
        }
        send(next, new Delivery(invocation, invokedFunctionArn));
    }

    private void send(PendingNext next, Delivery delivery) {
        Invocation invocation = delivery.invocation();
        boolean sent = next.deliver(
                invocation.requestId(),
                invocation.deadlineEpochMs(),
                delivery.invokedFunctionArn(),
                invocation.traceId(),
                invocation.clientContext(),
                invocation.payload());
        if (!sent) {
            // The runtime's connection closed under us; it will ask again.
            synchronized (this) {
                queued = delivery;
            }
        }
    }

    @Override
    public void nextRequested(PendingNext next) {
        boolean first;
        Delivery ready;
        synchronized (this) {
            if (terminated) {
                return;
            }
            first = !initialised;
            initialised = true;
            ready = queued;
            queued = null;
            if (ready == null) {
                parkedNext = next;
            }
        }
        if (ready != null) {
            send(next, ready);
        }
        if (first) {
            host.ready(this);
        }
    }

    @Override
    public void responded(String requestId, byte[] body) {
        host.completed(this, requestId, InvocationResult.success(body, id));
    }

    @Override
    public void failed(String requestId, byte[] body, String errorType) {
        host.completed(this, requestId, InvocationResult.error(body, id));
    }

    @Override
    public void initFailed(byte[] body, String errorType) {
        host.initFailed(this, body);
    }

    @Override
    void terminate() {
        Process child;
        RuntimeApiServer runtimeApi;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            child = process;
            runtimeApi = server;
            parkedNext = null;
            queued = null;
        }
        if (child != null) {
            child.destroyForcibly();
            try {
                // Reap it, so no zombie outlives the instance.
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
    }

    @Override
    void suspend() {
        signal("-STOP");
    }

    @Override
    void resumeExecution() {
        signal("-CONT");
    }

    private void signal(String signal) {
        long pid = pid();
        if (pid < 0) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                log.warn("kill {} {} failed for instance {}", signal, pid, id);
            }
        } catch (IOException e) {
            log.warn("kill {} {} failed for instance {}: {}", signal, pid, id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }
}
