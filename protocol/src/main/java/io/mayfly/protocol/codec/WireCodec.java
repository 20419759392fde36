package io.mayfly.protocol.codec;

import io.netty.channel.ChannelPipeline;

/**
 * Installs Mayfly's codec at the front of a pipeline: frame decoder, message decoder and
 * message encoder, in that order, under the names below. Handlers added after it receive
 * {@link io.mayfly.protocol.message.Message}s and {@link ProtocolViolation} user events, and
 * write Messages.
 */
public final class WireCodec {

    public static final String FRAME_DECODER = "mayfly-frame-decoder";
    public static final String MESSAGE_DECODER = "mayfly-message-decoder";
    public static final String MESSAGE_ENCODER = "mayfly-message-encoder";

    private WireCodec() {}

    /** Adds the codec handlers (new decoder instances: they hold per-connection state). */
    public static ChannelPipeline install(ChannelPipeline pipeline, WireLimits limits) {
        return pipeline.addLast(FRAME_DECODER, new FrameDecoder(limits))
                .addLast(MESSAGE_DECODER, new MessageDecoder())
                .addLast(MESSAGE_ENCODER, new MessageEncoder(limits));
    }
}
