package io.mayfly.lambda.local.control;

import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.http.HttpReplies;
import io.mayfly.lambda.local.http.HttpRoute;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.json.JsonWriter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The control interface over HTTP, for tools in other processes, under {@code /mayfly-local/}
 * (no AWS API lives there):
 * <ul>
 *   <li>{@code GET /mayfly-local/instances[?function=name]}: JSON array of instances</li>
 *   <li>{@code POST /mayfly-local/instances/{id}/reclaim|freeze|resume}: 204, or 404 if unknown</li>
 *   <li>{@code GET /mayfly-local/billing}: the billing report as JSON, of returned invocations as
 *       Lambda bills them; {@code ?in-flight=true} adds those still running, each billed as if it
 *       returned now ({@code "inFlight"} counts them)</li>
 * </ul>
 */
public final class ControlApiRoute implements HttpRoute {
    public static final String PREFIX = "/mayfly-local/";

    private final InstanceControl control;
    private final BillingMeter billing;
    // Reclaim and freeze may wait for a process; they must not run on the event loop.
    private final Executor worker;

    public ControlApiRoute(InstanceControl control, BillingMeter billing, Executor worker) {
        this.control = control;
        this.billing = billing;
        this.worker = worker;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String rest = uri.rawPath().substring(PREFIX.length());
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET) && rest.equals("instances")) {
            List<String> function = uri.parameters().get("function");
            List<InstanceInfo> list =
                    function == null || function.isEmpty() ? control.instances() : control.instances(function.get(0));
            HttpReplies.send(ctx, keepAlive, HttpReplies.json(HttpResponseStatus.OK, toJson(list)));
            return;
        }
        if (method.equals(HttpMethod.GET) && rest.equals("billing")) {
            List<String> inFlight = uri.parameters().getOrDefault("in-flight", List.of("false"));
            String value = inFlight.isEmpty() ? "false" : inFlight.get(0);
            if (!value.equals("true") && !value.equals("false")) {
                HttpReplies.send(
                        ctx,
                        keepAlive,
                        HttpReplies.json(
                                HttpResponseStatus.BAD_REQUEST,
                                new JsonWriter()
                                        .beginObject()
                                        .field(
                                                "message",
                                                "in-flight=" + value + " is neither true nor false; use"
                                                        + " in-flight=true to bill running invocations up to now")
                                        .endObject()
                                        .toString()));
                return;
            }
            String json = (value.equals("true") ? billing.billedSoFar() : billing.report()).toJson();
            HttpReplies.send(ctx, keepAlive, HttpReplies.json(HttpResponseStatus.OK, json));
            return;
        }
        String[] parts = rest.split("/");
        if (method.equals(HttpMethod.POST) && parts.length == 3 && parts[0].equals("instances")) {
            String id = QueryStringDecoder.decodeComponent(parts[1]);
            String action = parts[2];
            if (action.equals("reclaim") || action.equals("freeze") || action.equals("resume")) {
                worker.execute(() -> {
                    boolean found = switch (action) {
                        case "reclaim" -> control.reclaim(id);
                        case "freeze" -> control.freeze(id);
                        default -> control.resume(id);
                    };
                    HttpReplies.send(
                            ctx,
                            keepAlive,
                            found
                                    ? HttpReplies.response(HttpResponseStatus.NO_CONTENT, new byte[0])
                                    : HttpReplies.json(
                                            HttpResponseStatus.NOT_FOUND,
                                            new JsonWriter()
                                                    .beginObject()
                                                    .field("message", "no instance " + id)
                                                    .endObject()
                                                    .toString()));
                });
                return;
            }
        }
        HttpReplies.send(
                ctx,
                keepAlive,
                HttpReplies.json(
                        HttpResponseStatus.NOT_FOUND,
                        new JsonWriter()
                                .beginObject()
                                .field(
                                        "message",
                                        "unknown control request " + method + " " + uri.rawPath()
                                                + "; try GET /mayfly-local/instances")
                                .endObject()
                                .toString()));
    }

    static String toJson(List<InstanceInfo> instances) {
        JsonWriter json = new JsonWriter().beginArray();
        for (InstanceInfo i : instances) {
            json.beginObject()
                    .field("id", i.id())
                    .field("function", i.function())
                    .field("mode", i.mode().name())
                    .field("state", i.state().name())
                    .field("pid", i.pid())
                    .field("thread", i.threadName())
                    .field("startedAt", i.startedAt().toString())
                    .field("invocations", i.invocations())
                    .field("coldStartMs", i.coldStartMillis())
                    .endObject();
        }
        return json.endArray().toString();
    }
}
