package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client port's handshake, spoken on the wire by hand. */
class ClientAuthenticationTest {

    private static final String TOKEN = "client-token-0123456789abcdef";

    private final SecureRandom random = new SecureRandom();
    private ProxyServer proxy;
    private EventLoopGroup group;

    @BeforeEach
    void start() {
        proxy = ProxyServer.start(
                ProxySettings.DEFAULTS.withCoding(2, 1, 0).withPool(3, 256).withPorts(0, 0),
                ProxySecurity.withToken(TOKEN),
                new DirectInvoker());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        proxy.close();
    }

    private Channel dial(BlockingQueue<Object> received) {
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
                .connect(proxy.clientAddress())
                .syncUninterruptibly()
                .channel();
    }

    private static Object next(BlockingQueue<Object> received) throws InterruptedException {
        Object m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("an answer within 10 s").isNotNull();
        return m;
    }

    private static void assertRefusedAndClosed(Object answer, Channel channel) {
        assertThat(answer).isInstanceOfSatisfying(ErrorMessage.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
            assertThat(e.message()).contains("mayfly.auth.token-file");
        });
        await().atMost(Duration.ofSeconds(1)).until(() -> !channel.isActive());
    }

    @Test
    void aRequestBeforeAuthenticatingGetsAuthFailedAndTheConnectionCloses() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel channel = dial(received);
        channel.writeAndFlush(new ObjectGet(1, "space", Bytes.copyOf(new byte[] {1}), true));
        assertRefusedAndClosed(next(received), channel);
    }

    @Test
    void aWrongProofGetsAuthFailedAndTheConnectionCloses() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel channel = dial(received);
        byte[] nonce = Handshake.nonce(random);
        channel.writeAndFlush(Hello.client(0, nonce));
        HelloOk ok = (HelloOk) next(received);
        byte[] wrong = Handshake.proof(
                Handshake.key("not-the-token-0123456789"),
                Handshake.Role.CLIENT,
                nonce,
                ok.nonce().toByteArray());
        channel.writeAndFlush(new Auth(0, Bytes.copyOf(wrong)));
        assertRefusedAndClosed(next(received), channel);
    }

    @Test
    void theProxyProvesTheTokenAndServesAfterTheClientProvesIt() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel channel = dial(received);
        byte[] key = Handshake.key(TOKEN);
        byte[] nonce = Handshake.nonce(random);
        channel.writeAndFlush(Hello.client(0, nonce));
        HelloOk ok = (HelloOk) next(received);
        byte[] proxyNonce = ok.nonce().toByteArray();
        assertThat(Handshake.verify(
                        key, Handshake.Role.PROXY, nonce, proxyNonce, ok.proof().toByteArray()))
                .isTrue();
        channel.writeAndFlush(
                new Auth(0, Bytes.copyOf(Handshake.proof(key, Handshake.Role.CLIENT, nonce, proxyNonce))));
        assertThat(next(received)).isEqualTo(new Ok(0));
        channel.writeAndFlush(new Ping(7));
        assertThat(next(received)).isEqualTo(new Pong(7));
        assertThat(channel.isActive()).isTrue();
        channel.close();
    }

    @Test
    void theProxysProofReplayedAsTheClientsIsRefused() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel channel = dial(received);
        channel.writeAndFlush(Hello.client(0, Handshake.nonce(random)));
        HelloOk ok = (HelloOk) next(received);
        channel.writeAndFlush(new Auth(0, ok.proof()));
        assertRefusedAndClosed(next(received), channel);
    }

    @Test
    void aNetworkBindWithoutATokenIsRefusedUnlessOptedOut() {
        assertThatThrownBy(() -> ProxySecurity.NONE.requireAuthOffLoopback("0.0.0.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--auth-token-file")
                .hasMessageContaining("--insecure-no-auth");
        new ProxySecurity(null, true, null, null, false, false).requireAuthOffLoopback("0.0.0.0");
        ProxySecurity.withToken(TOKEN).requireAuthOffLoopback("0.0.0.0");
        ProxySecurity.NONE.requireAuthOffLoopback("localhost");
        assertThat(ProxySecurity.isLoopback("127.0.0.1")).isTrue();
        assertThat(ProxySecurity.isLoopback("0.0.0.0")).isFalse();
    }
}
