package io.mayfly.benchmarks.targets;

import io.mayfly.client.ObjectStore;
import io.mayfly.client.ObjectStoreFactory;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.proxy.ProxyStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Mayfly's own proxy store ({@link ProxyStoreFactory}, unchanged) that also tells the load driver
 * where the embedded store's lambda-local billing API listens. The provider creates its store
 * factory by class name, so the driver cannot hand it an object; it names a file in
 * {@value #BILLING_ENDPOINT_FILE} instead, and this factory writes the endpoint there once the
 * embedded proxy and its functions are up. A remote store writes nothing: its functions are
 * elsewhere.
 */
public final class MeteredProxyStoreFactory implements ObjectStoreFactory {
    /** The file to write the billing endpoint to; a setting of the cache manager. */
    public static final String BILLING_ENDPOINT_FILE = "mayfly.benchmarks.billing-endpoint-file";

    @Override
    public ObjectStore open(Map<String, String> settings) {
        ObjectStore store = new ProxyStoreFactory().open(settings);
        String file = settings.get(BILLING_ENDPOINT_FILE);
        if (file != null && store instanceof ProxyObjectStore proxyStore) {
            ProxyStack stack = proxyStore.embeddedProxy();
            if (stack != null && stack.functions() != null) {
                URI billing = stack.functions().endpoint().resolve("/mayfly-local/billing");
                try {
                    Files.writeString(Path.of(file), billing.toString(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    store.close();
                    throw new UncheckedIOException("cannot write the embedded store's billing endpoint to " + file
                            + " (" + BILLING_ENDPOINT_FILE + "): " + e.getMessage(), e);
                }
            }
        }
        return store;
    }

    /** What the factory wrote to {@code file}, or null when it wrote nothing (not an embedded store). */
    static URI writtenEndpoint(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            return text.isEmpty() ? null : URI.create(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the billing endpoint file " + file, e);
        }
    }
}
