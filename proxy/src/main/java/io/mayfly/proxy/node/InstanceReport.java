package io.mayfly.proxy.node;

/**
 * What a connecting node says about the function instance it runs on (its HELLO): the proxy
 * compares it with what it placed there to learn of lost memory.
 *
 * @param instanceId random per function instance: a new id means new, empty memory
 * @param storedShards shards the instance holds
 * @param storedBytes their bytes
 * @param inventoryDigest {@link io.mayfly.protocol.checksum.InventoryDigest} of its shards
 */
public record InstanceReport(String instanceId, long storedShards, long storedBytes, long inventoryDigest) {}
