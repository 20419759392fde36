package io.mayfly.proxy.keepalive;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Inventory;
import io.mayfly.protocol.message.ListShards;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardData;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NotSentException;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Whole-shard moves between the proxy and one node, for backup, repair and recovery: fetch a shard into a
 * byte array (checked against its CRC32C), store one, list a node's inventory. One shard at a
 * time per caller, so the proxy holds at most a value's shards in memory, never a node's. A move
 * whose node was returning fails with {@link NotSentException} ({@code NodePool.onServing} retries it).
 */
public final class ShardTransfer {

    /** A node answered with an error, or the shard failed its checks. */
    public static final class TransferFailed extends RuntimeException {
        final boolean lostForGood;

        TransferFailed(String message, boolean lostForGood) {
            super(message, null, false, false);
            this.lostForGood = lostForGood;
        }
    }

    private ShardTransfer() {}

    /** The shard's bytes, verified against {@code crc32c}; fails with {@link TransferFailed}. */
    public static CompletableFuture<byte[]> fetch(NodeChannel link, ShardKey key, long length, int crc32c) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        link.request(id -> new ShardGet(id, key), new NodeChannel.ReplyListener() {
            private byte @Nullable [] bytes;
            private int received;
            private final CRC32C crc = new CRC32C();

            @Override
            public void reply(Message message) {
                try {
                    if (message instanceof ShardData data) {
                        if (data.totalLength() != length) {
                            result.completeExceptionally(new TransferFailed(
                                    "node " + link.nodeId() + " holds " + data.totalLength() + " bytes of " + key
                                            + ", expected " + length,
                                    true));
                            return;
                        }
                        bytes = new byte[(int) length];
                    } else if (message instanceof Segment segment) {
                        int n = segment.payload().readableBytes();
                        if (bytes == null || received + n > bytes.length) {
                            result.completeExceptionally(new TransferFailed(
                                    "node " + link.nodeId() + " sent more of " + key + " than its " + length + " bytes",
                                    true));
                            return;
                        }
                        segment.payload().readBytes(bytes, received, n);
                        crc.update(bytes, received, n);
                        received += n;
                        if (segment.end()) {
                            if (received != length || (int) crc.getValue() != crc32c) {
                                result.completeExceptionally(new TransferFailed(
                                        "shard " + key + " from node " + link.nodeId()
                                                + " failed its length or CRC32C check",
                                        true));
                            } else {
                                result.complete(bytes);
                            }
                        }
                    } else if (message instanceof ErrorMessage error) {
                        boolean lost = error.code() == io.mayfly.protocol.ErrorCode.NOT_FOUND
                                || error.code() == io.mayfly.protocol.ErrorCode.CHECKSUM;
                        result.completeExceptionally(new TransferFailed(
                                "node " + link.nodeId() + ": " + error.code() + " " + error.message(), lost));
                    }
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }

            @Override
            public void failed(String reason) {
                result.completeExceptionally(new TransferFailed(reason, false));
            }

            @Override
            public void notSent(String reason) {
                result.completeExceptionally(new NotSentException(reason));
            }
        });
        return result;
    }

    /** Stores a whole shard on a node; completes when the node answered OK. */
    public static CompletableFuture<Void> store(
            NodeChannel link, ShardKey key, byte[] bytes, int crc32c, Bytes record, int segmentCapBytes) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        long id = link.request(
                rid -> new ShardPut(rid, key, bytes.length, crc32c, record), new NodeChannel.ReplyListener() {
                    @Override
                    public void reply(Message message) {
                        ReferenceCountUtil.release(message);
                        if (message instanceof Ok) {
                            result.complete(null);
                        } else if (message instanceof ErrorMessage error) {
                            result.completeExceptionally(new TransferFailed(
                                    "node " + link.nodeId() + " refused " + key + ": " + error.code() + " "
                                            + error.message(),
                                    false));
                        }
                    }

                    @Override
                    public void failed(String reason) {
                        result.completeExceptionally(new TransferFailed(reason, false));
                    }

                    @Override
                    public void notSent(String reason) {
                        result.completeExceptionally(new NotSentException(reason));
                    }
                });
        if (id == NodeChannel.NOT_SENT) {
            return result;
        }
        int offset = 0;
        do {
            int n = Math.min(segmentCapBytes, bytes.length - offset);
            boolean end = offset + n == bytes.length;
            link.send(new Segment(id, 0, end, Unpooled.wrappedBuffer(bytes, offset, n)));
            offset += n;
        } while (offset < bytes.length);
        return result;
    }

    /** Everything the node holds, from its INVENTORY batches. */
    public static CompletableFuture<List<Inventory.Entry>> listShards(NodeChannel link) {
        CompletableFuture<List<Inventory.Entry>> result = new CompletableFuture<>();
        List<Inventory.Entry> entries = new ArrayList<>();
        link.request(ListShards::new, new NodeChannel.ReplyListener() {
            @Override
            public void reply(Message message) {
                if (message instanceof Inventory inventory) {
                    entries.addAll(inventory.entries());
                    if (inventory.last()) {
                        result.complete(entries);
                    }
                } else {
                    ReferenceCountUtil.release(message);
                    result.completeExceptionally(new TransferFailed(
                            "node " + link.nodeId() + " answered LIST_SHARDS with " + message, false));
                }
            }

            @Override
            public void failed(String reason) {
                result.completeExceptionally(new TransferFailed(reason, false));
            }

            @Override
            public void notSent(String reason) {
                result.completeExceptionally(new NotSentException(reason));
            }
        });
        return result;
    }
}
