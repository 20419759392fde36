package io.mayfly.lambda.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Counts its invocations in a static, so the count shows whether an instance's memory survived:
 * 1 on a fresh instance, 2 on the same instance next time. A numeric payload makes it sleep
 * that many milliseconds first (to hold the instance busy or run into the timeout).
 */
public final class CounterHandler implements RequestStreamHandler {
    private static int count;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String payload =
                new String(input.readAllBytes(), StandardCharsets.UTF_8).trim().replace("\"", "");
        if (!payload.isEmpty()) {
            try {
                Thread.sleep(Long.parseLong(payload));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        int now;
        synchronized (CounterHandler.class) {
            now = ++count;
        }
        output.write(Integer.toString(now).getBytes(StandardCharsets.UTF_8));
    }
}
