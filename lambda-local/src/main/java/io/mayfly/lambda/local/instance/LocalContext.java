package io.mayfly.lambda.local.instance;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Context} an in-process instance hands its handler, filled as the Java runtime fills it. */
final class LocalContext implements Context {
    private final String requestId;
    private final long deadlineEpochMs;
    private final String functionName;
    private final String invokedFunctionArn;
    private final String logStreamName;
    private final int memoryMb;
    private final LambdaLogger logger;

    LocalContext(
            String requestId,
            long deadlineEpochMs,
            String functionName,
            String invokedFunctionArn,
            String instanceId,
            int memoryMb) {
        this.requestId = requestId;
        this.deadlineEpochMs = deadlineEpochMs;
        this.functionName = functionName;
        this.invokedFunctionArn = invokedFunctionArn;
        this.logStreamName = "[$LATEST]" + instanceId;
        this.memoryMb = memoryMb;
        Logger sink = LoggerFactory.getLogger("io.mayfly.lambda.local.function." + functionName);
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                sink.info("[{}] {}", instanceId, message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public @Nullable CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public @Nullable ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineEpochMs - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
