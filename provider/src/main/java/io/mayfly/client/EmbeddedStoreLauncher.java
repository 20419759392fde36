package io.mayfly.client;

import java.util.Map;

/**
 * Starts the embedded default: a proxy and local functions in this JVM, reached over an in-JVM
 * channel. Found with {@link java.util.ServiceLoader}; the {@code mayfly-embedded} artifact
 * provides the one implementation, so the thin provider needs none of the proxy's dependencies.
 */
public interface EmbeddedStoreLauncher {

    /**
     * Starts a proxy and its functions and returns a store connected to it; closing the store
     * stops both.
     *
     * @param settings the manager's settings ({@code mayfly.embedded.*} among them)
     */
    ObjectStore open(Map<String, String> settings, long operationTimeoutMs, int segmentCapBytes);
}
