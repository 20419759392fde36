package io.mayfly.benchmarks.testing;

import io.mayfly.benchmarks.targets.CacheTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory target that records the calls it receives, for replay and report tests. */
public class MapTarget implements CacheTarget {
    private final String name;
    private final Map<String, byte[]> map = new HashMap<>();
    public final List<String> calls = new ArrayList<>();
    public boolean closed;

    public MapTarget(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "in-memory map " + name;
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public byte[] get(String key) {
        calls.add("GET " + key);
        return map.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        calls.add("PUT " + key + " " + value.length);
        map.put(key, value);
    }

    @Override
    public void remove(String key) {
        calls.add("DELETE " + key);
        map.remove(key);
    }

    @Override
    public boolean contains(String key) {
        return map.containsKey(key);
    }

    @Override
    public long reportedMemoryBytes() {
        return -1;
    }

    @Override
    public void close() {
        closed = true;
    }
}
