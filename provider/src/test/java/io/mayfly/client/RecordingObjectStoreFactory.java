package io.mayfly.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory store that remembers the settings each key space and store was opened with. */
public final class RecordingObjectStoreFactory implements ObjectStoreFactory {

    public static final Map<String, CodingSettings> KEY_SPACES = new ConcurrentHashMap<>();
    public static final Map<String, Map<String, String>> STORES = new ConcurrentHashMap<>();

    @Override
    public ObjectStore open(Map<String, String> settings) {
        InMemoryObjectStore delegate = new InMemoryObjectStore();
        STORES.put(settings.get("mayfly.proxy"), Map.copyOf(settings));
        return new ObjectStore() {
            @Override
            public KeySpace keySpace(String name, CodingSettings coding) {
                KEY_SPACES.put(name, coding);
                return delegate.keySpace(name, coding);
            }

            @Override
            public void dropKeySpace(String name) {
                delegate.dropKeySpace(name);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
