package io.mayfly.lambda.local.runtime;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The Lambda Runtime API (2018-06-01) for ONE instance, on its own loopback port: the runtime
 * interface client is process-global and knows only {@code AWS_LAMBDA_RUNTIME_API=host:port},
 * so a port per instance is what tells instances apart. The {@code /next} long-poll is parked
 * without a thread.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";
    // Lambda's response limit is 6 MB buffered (20 MB streamed); leave room above it so an
    // oversized response reaches the session and becomes Lambda's own error, not a reset.
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private RuntimeApiServer(Channel serverChannel) {
        this.serverChannel = serverChannel;
        connections.add(serverChannel);
    }

    /** Binds a Runtime API server for {@code session} on 127.0.0.1 and an ephemeral port. */
    public static RuntimeApiServer bind(EventLoopGroup group, RuntimeSession session) throws InterruptedException {
        ChannelGroup[] holder = new ChannelGroup[1];
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        holder[0].add(ch);
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpServerExpectContinueHandler(),
                                        new HttpObjectAggregator(MAX_BODY_BYTES),
                                        new RuntimeApiHandler(session));
                    }
                });
        Channel channel = bootstrap
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
        RuntimeApiServer server = new RuntimeApiServer(channel);
        holder[0] = server.connections;
        return server;
    }

    /** The value for the runtime's {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        InetSocketAddress a = (InetSocketAddress) serverChannel.localAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() {
        connections.close().awaitUninterruptibly();
    }

    private static final class RuntimeApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final RuntimeSession session;

        RuntimeApiHandler(RuntimeSession session) {
            this.session = session;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = request.uri();
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!path.startsWith(PREFIX)) {
                reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "{\"errorMessage\":\"unknown path\"}");
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (request.method().equals(HttpMethod.GET) && rest.equals("invocation/next")) {
                session.nextRequested(new ChannelNext(ctx, keepAlive));
                return;
            }
            if (!request.method().equals(HttpMethod.POST)) {
                reply(
                        ctx,
                        keepAlive,
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "{\"errorMessage\":\"method not allowed\"}");
                return;
            }
            byte[] body = new byte[request.content().readableBytes()];
            request.content().readBytes(body);
            String errorType = request.headers().get("Lambda-Runtime-Function-Error-Type");
            if (rest.equals("init/error")) {
                session.initFailed(body, errorType);
                reply(ctx, keepAlive, HttpResponseStatus.ACCEPTED, "{\"status\":\"OK\"}");
                return;
            }
            if (rest.startsWith("invocation/")) {
                String tail = rest.substring("invocation/".length());
                int slash = tail.indexOf('/');
                if (slash > 0) {
                    String requestId = tail.substring(0, slash);
                    String action = tail.substring(slash + 1);
                    if (action.equals("response")) {
                        session.responded(requestId, body);
                        reply(ctx, keepAlive, HttpResponseStatus.ACCEPTED, "{\"status\":\"OK\"}");
                        return;
                    }
                    if (action.equals("error")) {
                        session.failed(requestId, body, errorType);
                        reply(ctx, keepAlive, HttpResponseStatus.ACCEPTED, "{\"status\":\"OK\"}");
                        return;
                    }
                }
            }
            reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "{\"errorMessage\":\"unknown path\"}");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        send(ctx, keepAlive, response);
    }

    private static boolean send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (!ctx.channel().isActive()) {
            response.release();
            return false;
        }
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        return true;
    }

    private static final class ChannelNext implements PendingNext {
        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;

        ChannelNext(ChannelHandlerContext ctx, boolean keepAlive) {
            this.ctx = ctx;
            this.keepAlive = keepAlive;
        }

        @Override
        public boolean deliver(
                String requestId,
                long deadlineEpochMs,
                String invokedFunctionArn,
                String traceId,
                @Nullable String clientContext,
                byte[] payload) {
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(payload));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set("Lambda-Runtime-Aws-Request-Id", requestId)
                    .set("Lambda-Runtime-Deadline-Ms", Long.toString(deadlineEpochMs))
                    .set("Lambda-Runtime-Invoked-Function-Arn", invokedFunctionArn)
                    .set("Lambda-Runtime-Trace-Id", traceId);
            if (clientContext != null) {
                response.headers().set("Lambda-Runtime-Client-Context", clientContext);
            }
            return send(ctx, keepAlive, response);
        }
    }
}
