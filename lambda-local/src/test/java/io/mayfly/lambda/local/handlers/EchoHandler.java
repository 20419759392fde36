package io.mayfly.lambda.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Returns its payload; {@code ::describe} returns what the Context says instead. */
public final class EchoHandler {
    public void echo(InputStream input, OutputStream output) throws IOException {
        input.transferTo(output);
    }

    public void describe(InputStream input, OutputStream output, Context context) throws IOException {
        String text = context.getFunctionName() + "|" + context.getMemoryLimitInMB() + "|"
                + (context.getRemainingTimeInMillis() > 0) + "|" + context.getInvokedFunctionArn() + "|"
                + (context.getAwsRequestId() != null);
        output.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
