package io.mayfly.lambda.local.functions;

import io.mayfly.lambda.local.http.HttpReplies;
import io.mayfly.lambda.local.http.HttpRoute;
import io.mayfly.lambda.local.invoke.FunctionReference;
import io.mayfly.lambda.local.json.JsonReader;
import io.mayfly.lambda.local.json.JsonWriter;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's REST paths as the AWS SDK sends them:
 * <ul>
 *   <li>{@code POST /2015-03-31/functions}: CreateFunction (201)</li>
 *   <li>{@code GET /2015-03-31/functions/}: ListFunctions ({@code Marker}, {@code MaxItems})</li>
 *   <li>{@code GET|DELETE /2015-03-31/functions/{name}}: GetFunction, DeleteFunction (204)</li>
 *   <li>{@code GET|PUT /2015-03-31/functions/{name}/configuration}: Get/UpdateFunctionConfiguration</li>
 *   <li>{@code PUT /2015-03-31/functions/{name}/code}: UpdateFunctionCode</li>
 *   <li>{@code PUT /2017-10-31/functions/{name}/concurrency}: PutFunctionConcurrency</li>
 * </ul>
 * The body is copied on the event loop and everything else runs on the API's worker: a code
 * package is tens of MB of base64 to decode and unpack.
 */
public final class FunctionsApiRoute implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(FunctionsApiRoute.class);
    private static final String FUNCTIONS = "/2015-03-31/functions";
    private static final String CONCURRENCY = "/2017-10-31/functions/";

    private final FunctionsApi api;

    public FunctionsApiRoute(FunctionsApi api) {
        this.api = api;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith(FUNCTIONS) || (path.startsWith(CONCURRENCY) && path.endsWith("/concurrency"));
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpMethod method = request.method();
        String path = uri.rawPath();
        byte[] body = ByteBufUtil.getBytes(request.content());
        Map<String, List<String>> query = uri.parameters();
        try {
            api.worker().execute(() -> {
                FullHttpResponse response;
                try {
                    response = dispatch(method, path, body, query);
                } catch (ApiError e) {
                    response = error(e.status, e.type, String.valueOf(e.getMessage()));
                } catch (RuntimeException e) {
                    log.warn("{} {} failed", method, path, e);
                    response = error(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "ServiceException",
                            "lambda-local failed on " + method + " " + path + ": " + e);
                }
                response.headers().set("X-Amzn-RequestId", UUID.randomUUID().toString());
                HttpReplies.send(ctx, keepAlive, response);
            });
        } catch (RejectedExecutionException closed) {
            HttpReplies.send(
                    ctx,
                    keepAlive,
                    error(
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "ServiceException",
                            "The local Lambda service is shutting down."));
        }
    }

    private FullHttpResponse dispatch(HttpMethod method, String path, byte[] body, Map<String, List<String>> query) {
        if (path.startsWith(CONCURRENCY)) {
            String name = name(path.substring(CONCURRENCY.length(), path.length() - "/concurrency".length()));
            if (method.equals(HttpMethod.PUT)) {
                return ok(api.putConcurrency(name, parse(body)));
            }
            throw unknown(method, path);
        }
        String rest = path.substring(FUNCTIONS.length());
        if (rest.isEmpty() || rest.equals("/")) {
            if (method.equals(HttpMethod.POST)) {
                return HttpReplies.json(HttpResponseStatus.CREATED, api.create(parse(body)));
            }
            if (method.equals(HttpMethod.GET)) {
                return ok(api.list(first(query, "Marker"), first(query, "MaxItems")));
            }
            throw unknown(method, path);
        }
        if (!rest.startsWith("/")) {
            throw unknown(method, path);
        }
        String[] parts = rest.substring(1).split("/", -1);
        String name = name(parts[0]);
        if (parts.length == 1) {
            if (method.equals(HttpMethod.GET)) {
                return ok(api.getFunction(name));
            }
            if (method.equals(HttpMethod.DELETE)) {
                api.delete(name);
                return HttpReplies.response(HttpResponseStatus.NO_CONTENT, new byte[0]);
            }
        } else if (parts.length == 2 && parts[1].equals("configuration")) {
            if (method.equals(HttpMethod.GET)) {
                return ok(api.getConfiguration(name));
            }
            if (method.equals(HttpMethod.PUT)) {
                return ok(api.updateConfiguration(name, parse(body)));
            }
        } else if (parts.length == 2 && parts[1].equals("code") && method.equals(HttpMethod.PUT)) {
            return ok(api.updateCode(name, parse(body)));
        }
        throw unknown(method, path);
    }

    private static String name(String raw) {
        String decoded = QueryStringDecoder.decodeComponent(raw);
        FunctionReference ref = FunctionReference.parse(decoded, null);
        if (ref == null) {
            throw ApiError.validation(decoded, "functionName", "Member must satisfy the function name or ARN pattern");
        }
        if (!ref.latest()) {
            throw ApiError.invalid("lambda-local has only $LATEST, not the qualifier " + ref.qualifier());
        }
        return ref.name();
    }

    private static Map<String, Object> parse(byte[] body) {
        try {
            return JsonReader.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw new ApiError(
                    HttpResponseStatus.BAD_REQUEST,
                    "InvalidRequestContentException",
                    "Could not parse request body into json: " + e.getMessage());
        }
    }

    private static @Nullable String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static FullHttpResponse ok(String json) {
        return HttpReplies.json(HttpResponseStatus.OK, json);
    }

    private static ApiError unknown(HttpMethod method, String path) {
        return new ApiError(
                HttpResponseStatus.NOT_FOUND,
                "UnknownOperationException",
                "lambda-local has no operation " + method + " " + path);
    }

    private static FullHttpResponse error(HttpResponseStatus status, String type, String message) {
        FullHttpResponse response = HttpReplies.json(
                status,
                new JsonWriter()
                        .beginObject()
                        .field("Type", "User")
                        .field("message", message)
                        .endObject()
                        .toString());
        response.headers().set("X-Amzn-ErrorType", type);
        return response;
    }
}
