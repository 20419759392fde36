package io.mayfly.client;

import java.util.Map;

/** Opens a fresh {@link InMemoryObjectStore} per cache manager (tests and the TCK runner). */
public final class InMemoryObjectStoreFactory implements ObjectStoreFactory {

    @Override
    public ObjectStore open(Map<String, String> settings) {
        return new InMemoryObjectStore();
    }
}
