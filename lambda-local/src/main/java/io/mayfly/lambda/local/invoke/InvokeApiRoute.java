package io.mayfly.lambda.local.invoke;

import io.mayfly.lambda.local.http.HttpReplies;
import io.mayfly.lambda.local.http.HttpRoute;
import io.mayfly.lambda.local.instance.InstanceFleet;
import io.mayfly.lambda.local.instance.Invocation;
import io.mayfly.lambda.local.instance.InvocationResult;
import io.mayfly.lambda.local.json.JsonSyntax;
import io.mayfly.lambda.local.json.JsonWriter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) as the AWS SDK
 * speaks it: invocation types, payload limits, function errors and the service errors the SDK
 * maps to typed exceptions by {@code X-Amzn-ErrorType}. SigV4 signatures are not checked.
 */
public final class InvokeApiRoute implements HttpRoute {
    /** Lambda's synchronous request and response payload limit. */
    public static final int MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** Lambda's asynchronous (Event) payload limit, raised from 256 KB to 1 MB in 2025. */
    public static final int MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;
    // Lambda measures the response limit with a little slack and names this figure in its error.
    private static final int MAX_RESPONSE_BYTES = 6_291_556;
    private static final String PREFIX = "/2015-03-31/functions/";
    private static final String SUFFIX = "/invocations";
    private static final Logger log = LoggerFactory.getLogger(InvokeApiRoute.class);

    private final InstanceFleet fleet;
    private final Function<String, String> refusal;

    public InvokeApiRoute(InstanceFleet fleet) {
        this(fleet, name -> null);
    }

    /**
     * @param refusal why a function cannot be invoked now (a function still being created), or
     *     null; answered as a ResourceConflictException
     */
    public InvokeApiRoute(InstanceFleet fleet, Function<String, String> refusal) {
        this.fleet = fleet;
        this.refusal = refusal;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length();
    }

    /** The body of a 413 refused while the payload was still arriving (far past every limit). */
    public static String oversizedBody() {
        return serviceErrorBody(
                "Request must be smaller than " + MAX_SYNC_PAYLOAD_BYTES + " bytes for the InvokeFunction operation",
                null);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String path = uri.rawPath();
        String rawName =
                QueryStringDecoder.decodeComponent(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
        if (!request.method().equals(HttpMethod.POST)) {
            serviceError(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "InvalidRequestContentException",
                    "Invoke takes POST, not " + request.method());
            return;
        }
        List<String> qualifierParam = uri.parameters().get("Qualifier");
        FunctionReference ref = FunctionReference.parse(
                rawName, qualifierParam == null || qualifierParam.isEmpty() ? null : qualifierParam.get(0));
        String refused = ref == null ? null : refusal.apply(ref.name());
        if (refused != null) {
            serviceError(ctx, keepAlive, HttpResponseStatus.CONFLICT, "ResourceConflictException", refused);
            return;
        }
        if (ref == null || fleet.function(ref.name()).isEmpty() || !ref.latest()) {
            String arn = ref == null
                    ? rawName
                    : fleet.functionArn(ref.name()) + (ref.qualifier() == null ? "" : ":" + ref.qualifier());
            serviceError(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.NOT_FOUND,
                    "ResourceNotFoundException",
                    "Function not found: " + arn);
            return;
        }

        String typeHeader = request.headers().get("X-Amz-Invocation-Type");
        InvocationType type = InvocationType.parse(typeHeader);
        if (type == null) {
            serviceError(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.BAD_REQUEST,
                    "InvalidRequestContentException",
                    "1 validation error detected: Value '" + typeHeader + "' at 'invocationType' failed to satisfy "
                            + "constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
            return;
        }
        int size = request.content().readableBytes();
        int limit = type == InvocationType.EVENT ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
        if (size > limit) {
            serviceError(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "RequestTooLargeException",
                    "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
            return;
        }
        // Copied once: the request is released when this method returns.
        byte[] payload = bytesOf(request);
        String notJson = JsonSyntax.problem(payload);
        if (notJson != null) {
            serviceError(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.BAD_REQUEST,
                    "InvalidRequestContentException",
                    "Could not parse request body into json: " + notJson);
            return;
        }
        String clientContext = null;
        String encodedContext = request.headers().get("X-Amz-Client-Context");
        if (encodedContext != null && !encodedContext.isEmpty()) {
            try {
                clientContext = new String(Base64.getDecoder().decode(encodedContext), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                serviceError(
                        ctx,
                        keepAlive,
                        HttpResponseStatus.BAD_REQUEST,
                        "InvalidRequestContentException",
                        "Client context must be a valid Base64-encoded JSON object.");
                return;
            }
        }
        String requestId = UUID.randomUUID().toString();
        if (type == InvocationType.DRY_RUN) {
            FullHttpResponse response = HttpReplies.response(HttpResponseStatus.NO_CONTENT, new byte[0]);
            response.headers().set("X-Amzn-RequestId", requestId);
            HttpReplies.send(ctx, keepAlive, response);
            return;
        }
        String traceId = request.headers().get("X-Amzn-Trace-Id");
        Invocation invocation = new Invocation(
                requestId,
                payload,
                clientContext,
                traceId == null ? newTraceId() : traceId,
                type == InvocationType.EVENT);

        switch (fleet.submit(ref.name(), invocation)) {
            case UNKNOWN_FUNCTION ->
                serviceError(
                        ctx,
                        keepAlive,
                        HttpResponseStatus.NOT_FOUND,
                        "ResourceNotFoundException",
                        "Function not found: " + fleet.functionArn(ref.name()));
            case THROTTLED -> {
                FullHttpResponse response = HttpReplies.json(
                        HttpResponseStatus.TOO_MANY_REQUESTS,
                        new JsonWriter()
                                .beginObject()
                                .field("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")
                                .field("Type", "User")
                                .field("message", "Rate Exceeded.")
                                .endObject()
                                .toString());
                response.headers().set("X-Amzn-ErrorType", "TooManyRequestsException");
                response.headers().set("X-Amzn-RequestId", requestId);
                HttpReplies.send(ctx, keepAlive, response);
            }
            case CLOSED ->
                serviceError(
                        ctx,
                        keepAlive,
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "ServiceException",
                        "The local Lambda service is shutting down.");
            case ACCEPTED, QUEUED -> {
                if (type == InvocationType.EVENT) {
                    FullHttpResponse response = HttpReplies.response(HttpResponseStatus.ACCEPTED, new byte[0]);
                    response.headers().set("X-Amzn-RequestId", requestId);
                    HttpReplies.send(ctx, keepAlive, response);
                    invocation.result().thenAccept(r -> {
                        if (r.functionError()) {
                            log.debug("Event invocation {} failed: {}", requestId, r.payloadUtf8());
                        }
                    });
                } else {
                    invocation
                            .result()
                            .whenComplete((result, failure) -> reply(ctx, keepAlive, requestId, result, failure));
                }
            }
        }
    }

    private static byte[] bytesOf(FullHttpRequest request) {
        return io.netty.buffer.ByteBufUtil.getBytes(request.content());
    }

    private static void reply(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            String requestId,
            InvocationResult result,
            Throwable failure) {
        if (failure != null) {
            serviceError(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "ServiceException",
                    "invocation " + requestId + " failed inside the local Lambda service: " + failure);
            return;
        }
        byte[] body = result.payload();
        boolean functionError = result.functionError();
        if (body.length > MAX_RESPONSE_BYTES) {
            body = InvocationResult.errorBody(
                    "Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).",
                    List.of());
            functionError = true;
        }
        FullHttpResponse response = HttpReplies.response(HttpResponseStatus.OK, body);
        response.headers().set("X-Amzn-RequestId", requestId);
        response.headers().set("X-Amz-Executed-Version", "$LATEST");
        if (functionError) {
            response.headers().set("X-Amz-Function-Error", "Unhandled");
        }
        HttpReplies.send(ctx, keepAlive, response);
    }

    private static void serviceError(
            ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String errorType, String message) {
        FullHttpResponse response = HttpReplies.json(status, serviceErrorBody(message, null));
        response.headers().set("X-Amzn-ErrorType", errorType);
        response.headers().set("X-Amzn-RequestId", UUID.randomUUID().toString());
        HttpReplies.send(ctx, keepAlive, response);
    }

    private static String serviceErrorBody(String message, @Nullable String reason) {
        JsonWriter json = new JsonWriter().beginObject().field("Type", "User").field("message", message);
        if (reason != null) {
            json.field("Reason", reason);
        }
        return json.endObject().toString();
    }

    private static String newTraceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(
                Locale.ROOT,
                "Root=1-%08x-%012x%012x;Parent=%016x;Sampled=0",
                System.currentTimeMillis() / 1000,
                r.nextLong(1L << 48),
                r.nextLong(1L << 48),
                r.nextLong());
    }

    /** The three values of {@code X-Amz-Invocation-Type}. */
    enum InvocationType {
        REQUEST_RESPONSE,
        EVENT,
        DRY_RUN;

        static @Nullable InvocationType parse(@Nullable String header) {
            if (header == null || header.isEmpty() || header.equals("RequestResponse")) {
                return REQUEST_RESPONSE;
            }
            if (header.equals("Event")) {
                return EVENT;
            }
            if (header.equals("DryRun")) {
                return DRY_RUN;
            }
            return null;
        }
    }
}
