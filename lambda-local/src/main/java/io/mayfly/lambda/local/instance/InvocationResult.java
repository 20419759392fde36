package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the Invoke API returns for an invocation that reached a function: its output, or a
 * function error (HTTP 200 with {@code X-Amz-Function-Error: Unhandled}, as Lambda reports it).
 *
 * @param instanceId the instance that ran it, or null when none did
 */
public record InvocationResult(
        byte[] payload, boolean functionError, @Nullable String instanceId) {

    public static InvocationResult success(byte[] payload, @Nullable String instanceId) {
        return new InvocationResult(payload, false, instanceId);
    }

    public static InvocationResult error(byte[] body, @Nullable String instanceId) {
        return new InvocationResult(body, true, instanceId);
    }

    /** An error body in the runtime's shape: {@code {"errorMessage","errorType","stackTrace"}}. */
    public static InvocationResult error(String errorType, String errorMessage, @Nullable String instanceId) {
        return error(errorBody(errorType, errorMessage, List.of()), instanceId);
    }

    public static byte[] errorBody(String errorType, String errorMessage, List<String> stackTrace) {
        return new JsonWriter()
                .beginObject()
                .field("errorMessage", errorMessage)
                .field("errorType", errorType)
                .field("stackTrace", stackTrace)
                .endObject()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The error body the Java runtime interface client writes for an uncaught throwable. */
    public static byte[] errorBody(Throwable t) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            frames.add(
                    e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
        }
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return errorBody(t.getClass().getName(), message, frames);
    }

    public String payloadUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
