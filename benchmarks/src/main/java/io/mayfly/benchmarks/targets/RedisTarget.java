package io.mayfly.benchmarks.targets;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Redis as the ElastiCache stand-in: a {@link RedisServerProcess} this target starts, reached
 * through one Jedis connection (the driver replays on one thread, in trace order).
 */
public final class RedisTarget implements CacheTarget {
    // A 256 MiB value at loopback speed takes well under a second; leave room for a busy machine.
    private static final int SOCKET_TIMEOUT_MILLIS = 120_000;

    private final RedisServerProcess server;
    private final Jedis jedis;
    private boolean closed;

    public RedisTarget(String executable, long maxMemoryBytes, long maxValueBytes) {
        this.server = new RedisServerProcess(executable, maxMemoryBytes, maxValueBytes);
        try {
            this.jedis = new Jedis(
                    new HostAndPort("127.0.0.1", server.port()),
                    DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(10_000)
                            .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                            .autoNegotiateProtocol(false)
                            .build());
            jedis.ping();
        } catch (RuntimeException e) {
            server.close();
            throw new TargetUnavailableException(
                    "cannot connect to redis-server on 127.0.0.1:" + server.port() + ": " + e.getMessage(), e);
        }
    }

    /** The server this target started, for tests that check it is gone after close. */
    public RedisServerProcess server() {
        return server;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String description() {
        return server.version() + " on 127.0.0.1:" + server.port() + " (persistence off, allkeys-lru), Jedis";
    }

    @Override
    public void clear() {
        jedis.flushAll();
    }

    @Override
    public byte[] get(String key) {
        return jedis.get(bytes(key));
    }

    @Override
    public void put(String key, byte[] value) {
        jedis.set(bytes(key), value);
    }

    @Override
    public void remove(String key) {
        jedis.del(bytes(key));
    }

    @Override
    public boolean contains(String key) {
        return jedis.exists(bytes(key));
    }

    @Override
    public long reportedMemoryBytes() {
        for (String line : jedis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).strip());
            }
        }
        return -1;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            jedis.close();
        } finally {
            server.close();
        }
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
