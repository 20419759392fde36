package io.mayfly.client;

import java.util.Map;

/**
 * Opens the {@link ObjectStore} a cache manager works on. A manager names its factory by class
 * (setting {@code mayfly.store-factory}); the class needs a public no-argument constructor.
 *
 * <p>Added to the storage contract by the JCache layer: it selects the store by configuration, so
 * the embedded store, a remote client and test fakes are interchangeable without code changes.
 */
public interface ObjectStoreFactory {

    /**
     * Opens a store.
     *
     * @param settings the manager's resolved settings, every key with its {@code mayfly.} prefix
     *     (for example {@code mayfly.proxy}, {@code mayfly.operation-timeout-ms})
     * @throws StoreUnavailableException when the store cannot be reached
     */
    ObjectStore open(Map<String, String> settings);
}
