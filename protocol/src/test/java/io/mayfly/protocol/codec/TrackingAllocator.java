package io.mayfly.protocol.codec;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it hands out and the largest capacity asked for:
 * tests assert that all of them were released (a deterministic leak check, next to the
 * paranoid detector) and that no allocation followed a peer's declared length. Unpooled,
 * because pooled buffer objects are recycled and would blur the check.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();
    private int largestRequest;

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return record(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return record(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private synchronized ByteBuf record(ByteBuf buf, int requested) {
        allocated.add(buf);
        largestRequest = Math.max(largestRequest, requested);
        return buf;
    }

    /** Largest initial capacity any allocation asked for. */
    synchronized int largestRequest() {
        return largestRequest;
    }

    /** Buffers still referenced. */
    synchronized List<ByteBuf> unreleased() {
        return allocated.stream().filter(b -> b.refCnt() > 0).toList();
    }

    synchronized void reset() {
        allocated.clear();
        largestRequest = 0;
    }
}
