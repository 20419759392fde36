package io.mayfly.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure between connections: a channel's reads stop while anyone holds its gate, and a
 * writer that cannot keep up holds the gate of the channel feeding it until it drains. This is
 * what keeps the proxy from buffering a value: bytes wait in the sender's socket, not in here.
 *
 * <p>Install {@link #relay()} last in every pipeline so writability changes reach the waiters.
 */
final class ReadGate {

    private static final AttributeKey<AtomicInteger> HOLDS = AttributeKey.valueOf("mayfly.read-holds");
    private static final AttributeKey<List<Runnable>> WAITERS = AttributeKey.valueOf("mayfly.writable-waiters");

    private ReadGate() {}

    /** Stops reading from {@code channel} until a matching {@link #release}. */
    static void hold(Channel channel) {
        AtomicInteger holds = holds(channel);
        if (holds.incrementAndGet() == 1) {
            channel.config().setAutoRead(false);
        }
    }

    static void release(Channel channel) {
        AtomicInteger holds = holds(channel);
        if (holds.decrementAndGet() == 0) {
            // Reads resume in a task of their own, never inside the caller: an in-JVM channel
            // delivers what waits for it at once, which would re-enter a decoder still decoding.
            channel.eventLoop().execute(() -> {
                if (holds.get() == 0) {
                    channel.config().setAutoRead(true);
                }
            });
        }
    }

    /** When {@code writer} is over its high-water mark, stops {@code reader} until it drains. */
    static void throttle(Channel reader, Channel writer) {
        if (writer.isWritable()) {
            return;
        }
        hold(reader);
        List<Runnable> waiters = waiters(writer);
        synchronized (waiters) {
            waiters.add(() -> release(reader));
        }
        if (writer.isWritable() || !writer.isActive()) {
            fire(writer);
        }
    }

    private static void fire(Channel writer) {
        List<Runnable> waiters = waiters(writer);
        List<Runnable> ready;
        synchronized (waiters) {
            ready = new ArrayList<>(waiters);
            waiters.clear();
        }
        ready.forEach(Runnable::run);
    }

    private static AtomicInteger holds(Channel channel) {
        AtomicInteger holds = channel.attr(HOLDS).get();
        if (holds == null) {
            channel.attr(HOLDS).setIfAbsent(new AtomicInteger());
            holds = channel.attr(HOLDS).get();
        }
        return holds;
    }

    private static List<Runnable> waiters(Channel channel) {
        List<Runnable> waiters = channel.attr(WAITERS).get();
        if (waiters == null) {
            channel.attr(WAITERS).setIfAbsent(new ArrayList<>());
            waiters = channel.attr(WAITERS).get();
        }
        return waiters;
    }

    /** The pipeline end that wakes waiters when a writer drains or closes. */
    static ChannelInboundHandlerAdapter relay() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    fire(ctx.channel());
                }
                ctx.fireChannelWritabilityChanged();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                fire(ctx.channel());
                ctx.fireChannelInactive();
            }
        };
    }
}
