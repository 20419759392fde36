package io.mayfly.client;

import java.util.Map;

/**
 * Every store this factory opens is a view of ONE in-memory store per JVM, as if all cache
 * managers talked to one remote proxy: data outlives a manager, and managers with the same URI
 * share caches. Closing a view leaves the shared store alone. Used to rehearse remote-mode
 * semantics (the TCK with a shared store) before the remote client exists.
 */
public final class SharedInMemoryObjectStoreFactory implements ObjectStoreFactory {

    private static final InMemoryObjectStore SHARED = new InMemoryObjectStore();

    @Override
    public ObjectStore open(Map<String, String> settings) {
        return new ObjectStore() {
            @Override
            public KeySpace keySpace(String name, CodingSettings coding) {
                return SHARED.keySpace(name, coding);
            }

            @Override
            public void dropKeySpace(String name) {
                SHARED.dropKeySpace(name);
            }

            @Override
            public void close() {
                // the proxy outlives its clients
            }
        };
    }
}
