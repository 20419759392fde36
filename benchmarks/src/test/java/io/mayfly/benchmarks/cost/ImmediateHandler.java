package io.mayfly.benchmarks.cost;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A function that answers at once: each invocation is billed at least one granularity unit. */
public final class ImmediateHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        input.readAllBytes();
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
}
