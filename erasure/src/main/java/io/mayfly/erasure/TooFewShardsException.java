package io.mayfly.erasure;

/** More shards are missing than the code's parity can rebuild; the value cannot be decoded. */
public final class TooFewShardsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int missing;
    private final int totalShards;
    private final int dataShards;
    private final int parityShards;

    TooFewShardsException(int missing, int dataShards, int parityShards) {
        super(missing + " of " + (dataShards + parityShards) + " shards missing; RS(" + dataShards + "+"
                + parityShards + ") can rebuild at most " + parityShards
                + " (fetch at least " + dataShards + " shards)");
        this.missing = missing;
        this.totalShards = dataShards + parityShards;
        this.dataShards = dataShards;
        this.parityShards = parityShards;
    }

    public int missing() {
        return missing;
    }

    public int totalShards() {
        return totalShards;
    }

    public int dataShards() {
        return dataShards;
    }

    /** The most shards this code can rebuild. */
    public int parityShards() {
        return parityShards;
    }
}
