package io.mayfly.node;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.mayfly.protocol.invoke.FlatJson;
import io.mayfly.protocol.invoke.MalformedJsonException;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda entry point of a Mayfly node: {@code io.mayfly.node.MayflyNodeHandler::handleRequest}.
 * Reads a {@link NodeInvocation} (JSON), serves or warms up, and answers with a
 * {@link NodeReport} (the NodeServeSummary fields plus why it returned).
 */
public final class MayflyNodeHandler implements RequestStreamHandler, AutoCloseable {

    /**
     * This function instance. A static on purpose: Lambda gives every instance its own JVM (AWS,
     * lambda-local's process mode) or class loader (lambda-local's in-process mode), so a static
     * here is exactly the instance's memory, whichever handler object the runtime calls.
     */
    private static final NodeInstance INSTANCE = new NodeInstance(NodeSettings.fromEnvironment());

    private final NodeInstance instance;

    public MayflyNodeHandler() {
        this(INSTANCE);
    }

    /** A handler over a given instance (tests: each NodeInstance is a fresh function instance). */
    MayflyNodeHandler(NodeInstance instance) {
        this.instance = instance;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long startNanos = System.nanoTime();
        long remainingMs = context.getRemainingTimeInMillis();
        NodeInvocation invocation = NodeInvocation.fromJson(readPayload(input));
        NodeReport report = invocation.command() == NodeCommand.WARMUP
                ? instance.warmup(context.getMemoryLimitInMB())
                : instance.serve(invocation, context.getMemoryLimitInMB(), startNanos, remainingMs);
        LambdaLogger log = context.getLogger();
        if (log != null) {
            // The architecture and Java version say which deployment this instance runs.
            log.log("mayfly node " + invocation.nodeId() + " instance " + instance.instanceId() + " ("
                    + System.getProperty("os.arch") + ", Java "
                    + Runtime.version().feature() + ") "
                    + invocation.command().wireName() + " -> " + report.toJson() + "\n");
        }
        output.write(report.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Releases the instance's connection and thread. Never called on AWS (the process just
     * ends); lambda-local's in-process mode calls it when it reclaims the instance, so a killed
     * in-process node leaves no socket or thread behind. Idempotent.
     */
    @Override
    public void close() {
        instance.close();
    }

    private static String readPayload(InputStream input) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        byte[] chunk = new byte[4096];
        for (int n; (n = input.read(chunk)) != -1; ) {
            buffer.write(chunk, 0, n);
            if (buffer.size() > FlatJson.MAX_TEXT_CHARS) {
                throw new MalformedJsonException("invocation payload exceeds " + FlatJson.MAX_TEXT_CHARS
                        + " bytes; a NodeInvocation is a few hundred");
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
