package io.mayfly.benchmarks.load;

/** Value sizes reported separately: latency is dominated by per-request cost below, by bandwidth above. */
public enum SizeClass {
    UP_TO_1_KIB("<=1 KiB", 1L << 10),
    UP_TO_100_KIB("1-100 KiB", 100L << 10),
    UP_TO_1_MIB("100 KiB-1 MiB", 1L << 20),
    UP_TO_10_MIB("1-10 MiB", 10L << 20),
    UP_TO_100_MIB("10-100 MiB", 100L << 20),
    OVER_100_MIB(">100 MiB", Long.MAX_VALUE);

    private final String label;
    private final long upperBytes;

    SizeClass(String label, long upperBytes) {
        this.label = label;
        this.upperBytes = upperBytes;
    }

    public String label() {
        return label;
    }

    public static SizeClass of(long sizeBytes) {
        for (SizeClass c : values()) {
            if (sizeBytes <= c.upperBytes) {
                return c;
            }
        }
        return OVER_100_MIB;
    }
}
