package io.mayfly.lambda.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Starts a background thread named after its payload (as a node starting a connection's event
 * loop would) and records in a system property when the service closes it.
 */
public final class BackgroundThreadHandler implements RequestStreamHandler, AutoCloseable {
    private String tag = "none";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        tag = new String(input.readAllBytes(), StandardCharsets.UTF_8).replace("\"", "");
        Thread background = new Thread(
                () -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "background-" + tag);
        background.start();
        output.write("\"started\"".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        System.setProperty("closed-" + tag, "true");
    }
}
