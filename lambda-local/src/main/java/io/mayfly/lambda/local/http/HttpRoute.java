package io.mayfly.lambda.local.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/** One API served on the service's port. Runs on the event loop: copy what you need, never block. */
public interface HttpRoute {
    boolean matches(String path);

    /** The request is released after this returns; answer now or later through {@link HttpReplies}. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri);
}
