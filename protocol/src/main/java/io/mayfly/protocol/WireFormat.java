package io.mayfly.protocol;

/**
 * Constants of the Mayfly frame format (WIRE.md).
 *
 * <p>A frame is a fixed {@value #HEADER_BYTES}-byte header followed by a body:
 * <pre>
 *   version u8 | type u8 | flags u8 | request id u64 | body length u32 | body
 * </pre>
 * All integers are big-endian (network order).
 */
public final class WireFormat {

    /** The only protocol version this build speaks; a frame with another version closes the connection. */
    public static final int VERSION = 1;

    /** version(1) + type(1) + flags(1) + request id(8) + body length(4). */
    public static final int HEADER_BYTES = 15;

    /** Offset of the body length field inside the header. */
    public static final int LENGTH_FIELD_OFFSET = 11;

    /** Flag bit 0: this SEGMENT is the last one of its stream. Only SEGMENT frames may carry it. */
    public static final int FLAG_END = 0x01;

    /**
     * Flag bit 1: the value of this OBJECT_PUT is pinned (never evicted by the proxy). Only OBJECT_PUT
     * frames may carry it; a put without it is an ordinary, evictable value.
     */
    public static final int FLAG_PINNED = 0x02;

    /**
     * Flag bit 2: this OBJECT_PUT or OBJECT_DELETE commits under a write lease whose id follows the
     * body's other fields (u64); it commits only while that lease holds, and releases it.
     */
    public static final int FLAG_LEASED = 0x04;

    /**
     * Flag bit 3: this SHARD_GET asks for a byte range of the shard, whose offset (u64) and length
     * (u32) follow the key. Its SHARD_DATA still declares the whole shard; its SEGMENTs carry the
     * range only (cut at the shard's end), the last with END. Only SHARD_GET frames may carry it.
     */
    public static final int FLAG_RANGE = 0x08;

    /** Default cap on the payload bytes of one SEGMENT frame: 1 MiB. */
    public static final int DEFAULT_SEGMENT_CAP_BYTES = 1 << 20;

    /**
     * Room above the segment cap for message fields (SEGMENT's stream index, keys, names,
     * per-shard checksums). A frame body may be at most segment cap + this allowance.
     */
    public static final int HEADER_ALLOWANCE_BYTES = 64 * 1024;

    /** Largest segment cap a configuration may ask for: keeps cap + allowance well inside an int. */
    public static final int MAX_SEGMENT_CAP_BYTES = 64 << 20;

    private WireFormat() {}
}
