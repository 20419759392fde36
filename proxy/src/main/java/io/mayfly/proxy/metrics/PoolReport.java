package io.mayfly.proxy.metrics;

import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's feed: one JSON document with a tile per function and the pool's totals. The
 * page keeps the history for its charts; the proxy keeps none.
 */
public final class PoolReport {

    /**
     * ElastiCache's price for the same memory, per GiB-hour: the InfiniCache paper's node,
     * cache.r5.24xlarge, 635.61 GiB at $10.368 an hour (us-east-1 on-demand).
     */
    static final double ELASTICACHE_USD_PER_GIB_HOUR = 10.368 / 635.61;

    private final ProxyMetrics.PoolView pool;
    private final ProxyMetrics metrics;
    private final int functionMemoryMb;
    private final long startedMillis;

    public PoolReport(ProxyMetrics.PoolView pool, ProxyMetrics metrics, int functionMemoryMb, long startedMillis) {
        this.pool = pool;
        this.metrics = metrics;
        this.functionMemoryMb = functionMemoryMb;
        this.startedMillis = startedMillis;
    }

    public String json() {
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder(256 + pool.poolSize() * 200);
        out.append("{\"now\":").append(now);
        out.append(",\"functions\":[");
        for (int i = 0; i < pool.poolSize(); i++) {
            String name = pool.nodeName(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"name\":").append(Json.string(name));
            out.append(",\"state\":")
                    .append(Json.string(pool.nodeState(i).name().toLowerCase(Locale.ROOT)));
            out.append(",\"usedBytes\":").append(pool.nodeUsedBytes(i));
            out.append(",\"capacityBytes\":").append(pool.nodeCapacityBytes());
            out.append(",\"lastInvocationMs\":").append(metrics.lastInvocationMillis(name));
            out.append(",\"instanceId\":").append(Json.string(pool.nodeInstanceId(i)));
            out.append(",\"coldStarts\":").append(pool.nodeInstanceChanges(i));
            out.append('}');
        }
        out.append("],");
        HistogramSnapshot gets = metrics.getLatency().takeSnapshot();
        out.append("\"gets\":").append((long) metrics.gets());
        out.append(",\"degradedGets\":").append((long) metrics.degradedGets());
        out.append(",\"puts\":").append((long) metrics.puts());
        out.append(",\"getP50Ms\":").append(percentileMs(gets, 0.5));
        out.append(",\"getP99Ms\":").append(percentileMs(gets, 0.99));
        out.append(",\"repairs\":").append(pool.keepAlive().valuesRepaired.get());
        out.append(",\"shardsRepaired\":")
                .append(pool.keepAlive().shardsRepaired.get());
        out.append(",\"values\":").append(pool.indexedValues());
        out.append(",\"smallTierBytes\":").append(pool.smallTierUsedBytes());
        double hours = Math.max(0, now - startedMillis) / 3_600_000.0;
        double poolGib = pool.poolSize() * (double) functionMemoryMb / 1024.0;
        out.append(",\"billedGbSeconds\":").append(fmt(metrics.billedGbSeconds()));
        out.append(",\"billedDollars\":").append(fmt(metrics.billedDollars()));
        out.append(",\"elastiCacheDollars\":").append(fmt(poolGib * ELASTICACHE_USD_PER_GIB_HOUR * hours));
        out.append(",\"uptimeSeconds\":").append((now - startedMillis) / 1000);
        out.append("}\n");
        return out.toString();
    }

    private static String percentileMs(HistogramSnapshot snapshot, double p) {
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            if (v.percentile() == p) {
                return fmt(v.value(TimeUnit.MILLISECONDS));
            }
        }
        return "0";
    }

    private static String fmt(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6f", d) : "0";
    }
}
