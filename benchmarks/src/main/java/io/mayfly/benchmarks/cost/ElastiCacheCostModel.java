package io.mayfly.benchmarks.cost;

/** ElastiCache's bill: enough nodes of one type to hold the bytes, paid by the node-hour. */
public final class ElastiCacheCostModel {
    private final ElastiCacheNodeType node;

    public ElastiCacheCostModel(ElastiCacheNodeType node) {
        this.node = node;
    }

    public ElastiCacheNodeType node() {
        return node;
    }

    public int nodesFor(long bytes) {
        return (int) Math.max(1, (bytes + node.memoryBytes() - 1) / node.memoryBytes());
    }

    public double usdPerHour(long bytes) {
        return nodesFor(bytes) * node.usdPerHour();
    }

    public double usd(long bytes, double hours) {
        return usdPerHour(bytes) * hours;
    }
}
