package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeAuthenticationTest {

    private ProxyServer proxy;
    private EventLoopGroup group;

    @BeforeEach
    void start() {
        proxy = ProxyServer.start(
                ProxySettings.DEFAULTS.withCoding(2, 1, 0).withPool(3, 256).withPorts(-1, 0), new DirectInvoker());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        proxy.close();
    }

    private Channel dial(List<Message> received) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        WireCodec.install(ch.pipeline(), WireLimits.DEFAULT)
                                .addLast(new SimpleChannelInboundHandler<Message>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Message m) {
                                        received.add(m);
                                        ReferenceCountUtil.release(m);
                                    }
                                });
                    }
                })
                .connect(proxy.nodeAddress())
                .syncUninterruptibly()
                .channel();
    }

    @Test
    void aNodeWithABadTokenIsRefusedAndDisconnected() {
        // Recovery at start invokes every node once: the forged HELLO must not replace that instance.
        proxy.recovered().join();
        String admitted = proxy.nodeInstanceId(0);
        List<Message> received = new CopyOnWriteArrayList<>();
        Channel channel = dial(received);
        channel.writeAndFlush(Hello.node(
                1,
                "mayfly-node-0",
                Handshake.keyId("not-the-token"),
                Handshake.nonce(new SecureRandom()),
                "i-1",
                0,
                0,
                0));
        await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isActive());
        assertThat(received)
                .singleElement()
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
        assertThat(proxy.nodeInstanceId(0)).isEqualTo(admitted).isNotEqualTo("i-1");
    }

    @Test
    void aNodeThatSkipsHelloIsRefused() {
        List<Message> received = new CopyOnWriteArrayList<>();
        Channel channel = dial(received);
        channel.writeAndFlush(new ShardGet(1, new ShardKey("s", Bytes.copyOf(new byte[] {1}), 1, 0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isActive());
        assertThat(received)
                .singleElement()
                .isInstanceOfSatisfying(
                        ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
    }
}
