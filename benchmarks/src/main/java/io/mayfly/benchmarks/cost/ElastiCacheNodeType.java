package io.mayfly.benchmarks.cost;

/** One row of the ElastiCache price table: a node type, its usable memory and on-demand price. */
public record ElastiCacheNodeType(String name, double memoryGib, double usdPerHour) {
    public ElastiCacheNodeType {
        if (!(memoryGib > 0) || !(usdPerHour >= 0)) {
            throw new IllegalArgumentException("node type " + name + " with " + memoryGib + " GiB at $" + usdPerHour
                    + "/hour: memory must be positive and price not negative");
        }
    }

    public long memoryBytes() {
        return (long) (memoryGib * (1L << 30));
    }
}
