package io.mayfly.proxy;

import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.metrics.ProxyMetrics;
import io.mayfly.proxy.node.NodeState;

/** Meters over a pool that reports nothing, for tests that check the store's own ledgers. */
final class IdleMetrics {

    private IdleMetrics() {}

    static ProxyMetrics of(ProxySettings settings) {
        return new ProxyMetrics(
                new ProxyMetrics.PoolView() {
                    @Override
                    public int poolSize() {
                        return settings.poolSize();
                    }

                    @Override
                    public String nodeName(int node) {
                        return settings.functionPrefix() + node;
                    }

                    @Override
                    public NodeState nodeState(int node) {
                        return NodeState.COLD;
                    }

                    @Override
                    public long nodeUsedBytes(int node) {
                        return 0;
                    }

                    @Override
                    public long nodeCapacityBytes() {
                        return settings.nodeCapacityBytes();
                    }

                    @Override
                    public long smallTierUsedBytes() {
                        return 0;
                    }

                    @Override
                    public long smallTierCapacityBytes() {
                        return settings.smallTierCapacityBytes();
                    }

                    @Override
                    public long indexedValues() {
                        return 0;
                    }

                    @Override
                    public long smallValuesWritingThrough() {
                        return 0;
                    }

                    @Override
                    public String nodeInstanceId(int node) {
                        return null;
                    }

                    @Override
                    public long nodeInstanceChanges(int node) {
                        return 0;
                    }

                    @Override
                    public KeepAliveCounters keepAlive() {
                        return new KeepAliveCounters();
                    }
                },
                settings.functionMemoryMb(),
                1);
    }
}
