package io.mayfly.lambda.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Always fails, with its payload in the message. */
public final class ThrowerHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        throw new IllegalStateException("boom: " + new String(input.readAllBytes(), StandardCharsets.UTF_8));
    }
}
