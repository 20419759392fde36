package io.mayfly.protocol.codec;

import io.mayfly.protocol.WireFormat;
import io.mayfly.protocol.message.MessageType;
import io.mayfly.protocol.message.Segment;

/**
 * Size bounds of one connection's frames. A SEGMENT body is at most the stream index plus
 * {@code segmentCapBytes}; any other body at most {@code segmentCapBytes + headerAllowanceBytes}.
 * The decoder checks a frame's declared length against these before buffering its body.
 */
public record WireLimits(int segmentCapBytes, int headerAllowanceBytes) {

    public static final WireLimits DEFAULT =
            new WireLimits(WireFormat.DEFAULT_SEGMENT_CAP_BYTES, WireFormat.HEADER_ALLOWANCE_BYTES);

    public WireLimits {
        if (segmentCapBytes < 1 || segmentCapBytes > WireFormat.MAX_SEGMENT_CAP_BYTES) {
            throw new IllegalArgumentException("segment cap of " + segmentCapBytes + " bytes outside 1.."
                    + WireFormat.MAX_SEGMENT_CAP_BYTES + " (mayfly.segment-cap-bytes)");
        }
        if (headerAllowanceBytes < 256 || headerAllowanceBytes > WireFormat.MAX_SEGMENT_CAP_BYTES) {
            throw new IllegalArgumentException("header allowance of " + headerAllowanceBytes + " bytes outside 256.."
                    + WireFormat.MAX_SEGMENT_CAP_BYTES);
        }
    }

    /** Limits with the given segment cap and the default header allowance. */
    public static WireLimits withSegmentCap(int segmentCapBytes) {
        return new WireLimits(segmentCapBytes, WireFormat.HEADER_ALLOWANCE_BYTES);
    }

    /** Largest body a frame of {@code type} may declare. */
    public int maxBodyBytes(MessageType type) {
        return type == MessageType.SEGMENT ? Segment.PREFIX_BYTES + segmentCapBytes : maxControlBodyBytes();
    }

    /** Largest body of any non-SEGMENT frame. */
    public int maxControlBodyBytes() {
        return segmentCapBytes + headerAllowanceBytes;
    }
}
