/**
 * Mayfly's wire protocol (WIRE.md): frames, messages and their Netty codecs, shared by the
 * provider, the proxy and the function nodes.
 *
 * <ul>
 *   <li>{@code message}: one immutable record per message type, the {@code MessageType}
 *       registry (type numbers) and the body field formats.</li>
 *   <li>{@code codec}: {@code FrameDecoder} (bounded, validating), {@code MessageDecoder},
 *       {@code MessageEncoder}; {@code WireCodec.install} puts them in a pipeline.</li>
 *   <li>{@code segment}: cutting large bodies into SEGMENTs and reassembling them into sinks.</li>
 *   <li>{@code checksum}: CRC32C for shards and whole values.</li>
 *   <li>{@code invoke}: the JSON Lambda invocation payload and the node's response summary.</li>
 * </ul>
 *
 * <p>Buffer ownership: only {@code Segment} (and the codec-internal {@code Frame}) hold a
 * ByteBuf. Whoever receives one releases it exactly once or passes it on and says so; writing
 * it to a channel passes it to the encoder. Sinks borrow payloads and retain what they keep.
 *
 * <p>Failure: a frame that violates the format (version, type, flags, declared length above
 * the limit, unparsable body) never reaches {@code exceptionCaught}. The connection's first
 * violation is logged at error with its code, fired as a {@code ProtocolViolation} user event,
 * answered with ERROR and the connection closed; later bytes are discarded.
 */
@NullMarked
package io.mayfly.protocol;

import org.jspecify.annotations.NullMarked;
