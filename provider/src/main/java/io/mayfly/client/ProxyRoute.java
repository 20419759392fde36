package io.mayfly.client;

import io.mayfly.protocol.message.Message;
import io.netty.channel.Channel;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/** Where one call to a proxy goes: the shared connection, or a caller-driven one held for the call. */
interface ProxyRoute {

    String name();

    int segmentCapBytes();

    /**
     * Sends a request (and, through {@code then}, anything that follows it on the same id); the
     * answers reach {@code call}.
     *
     * @return the request id, to {@link #abandon} on timeout
     * @throws StoreUnavailableException when the proxy cannot be reached
     */
    long send(LongFunction<Message> request, ProxyConnection.Call call, @Nullable BiConsumer<Channel, Long> then);

    /** Forgets a call whose caller gave up; late answers are dropped. */
    void abandon(long id);
}
