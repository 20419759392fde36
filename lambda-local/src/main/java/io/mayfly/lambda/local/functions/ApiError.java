package io.mayfly.lambda.local.functions;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A Lambda service error: the status and the {@code X-Amzn-ErrorType} the AWS SDK maps to a typed exception. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient HttpResponseStatus status;
    final String type;

    ApiError(HttpResponseStatus status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static ApiError notFound(String arn) {
        return new ApiError(HttpResponseStatus.NOT_FOUND, "ResourceNotFoundException", "Function not found: " + arn);
    }

    static ApiError conflict(String message) {
        return new ApiError(HttpResponseStatus.CONFLICT, "ResourceConflictException", message);
    }

    static ApiError invalid(String message) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, "InvalidParameterValueException", message);
    }

    /** A value outside the API model's constraints (range, pattern), which AWS reports as ValidationException. */
    static ApiError validation(String value, String field, String constraint) {
        return new ApiError(
                HttpResponseStatus.BAD_REQUEST,
                "ValidationException",
                "1 validation error detected: Value '" + value + "' at '" + field + "' failed to satisfy constraint: "
                        + constraint);
    }
}
