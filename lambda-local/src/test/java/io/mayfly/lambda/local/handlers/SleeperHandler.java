package io.mayfly.lambda.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sleeps for the number of milliseconds in its payload, then answers "slept". */
public final class SleeperHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long millis = Long.parseLong(
                new String(input.readAllBytes(), StandardCharsets.UTF_8).trim().replace("\"", ""));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        output.write("\"slept\"".getBytes(StandardCharsets.UTF_8));
    }
}
