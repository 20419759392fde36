package io.mayfly.lambda.local.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The service's one public port on loopback. Requests are aggregated (an Invoke payload is at
 * most 6 MB) and routed by path; long-held invocations cost no thread.
 */
public final class ServiceHttpServer implements AutoCloseable {
    private final Channel serverChannel;
    private final ChannelGroup connections;

    private ServiceHttpServer(Channel serverChannel, ChannelGroup connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * @param maxBodyBytes bodies above this are refused while still streaming in; routes check
     *                     their own, lower limits so that the client gets the service's error
     * @param oversized    the body to answer an oversized request with (status 413)
     */
    public static ServiceHttpServer bind(
            EventLoopGroup group, int port, int maxBodyBytes, String oversized, List<HttpRoute> routes)
            throws InterruptedException {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpServerExpectContinueHandler(),
                                        new Aggregator(maxBodyBytes, oversized),
                                        new Router(routes));
                    }
                });
        Channel channel = bootstrap
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .sync()
                .channel();
        connections.add(channel);
        return new ServiceHttpServer(channel, connections);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        connections.close().awaitUninterruptibly();
    }

    private static final class Aggregator extends HttpObjectAggregator {
        private final String oversized;

        Aggregator(int maxContentLength, String oversized) {
            super(maxContentLength);
            this.oversized = oversized;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversizedMessage) {
            var response = HttpReplies.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, oversized);
            response.headers().set("X-Amzn-ErrorType", "RequestTooLargeException");
            HttpReplies.send(ctx, false, response);
        }
    }

    private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final List<HttpRoute> routes;

        Router(List<HttpRoute> routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            for (HttpRoute route : routes) {
                if (route.matches(uri.rawPath())) {
                    route.handle(ctx, request, uri);
                    return;
                }
            }
            var response = HttpReplies.json(
                    HttpResponseStatus.NOT_FOUND,
                    "{\"Type\":\"User\",\"message\":\"no such API: "
                            + uri.rawPath().replace("\"", "") + "\"}");
            response.headers().set("X-Amzn-ErrorType", "UnknownOperationException");
            HttpReplies.send(ctx, HttpUtil.isKeepAlive(request), response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The client only sees a closed connection: say why here.
            org.slf4j.LoggerFactory.getLogger(ServiceHttpServer.class)
                    .warn(
                            "request from {} failed; connection closed",
                            ctx.channel().remoteAddress(),
                            cause);
            ctx.close();
        }
    }
}
