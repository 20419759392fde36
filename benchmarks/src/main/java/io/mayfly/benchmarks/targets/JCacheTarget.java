package io.mayfly.benchmarks.targets;

import io.mayfly.benchmarks.billing.ServiceRecorder;
import io.mayfly.benchmarks.cost.KeepAliveMeasurement;
import io.mayfly.client.ObjectStore;
import io.mayfly.embedded.EmbeddedStores;
import io.mayfly.lambda.local.billing.BillingListener;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxyStack;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * Any JCache provider, chosen by class name at run time (Mayfly's, or another for comparison),
 * used only through {@code javax.cache}: a {@code Cache<String, byte[]>} with the spec's default
 * store-by-value configuration unless the configuration URI already defines the cache.
 * {@link #embeddedMayfly} and {@link #remoteMayfly} set Mayfly up so that the replay is metered by
 * the billing meter of the lambda-local its functions run on.
 */
public final class JCacheTarget implements CacheTarget {
    private static final String PROXY = "mayfly.proxy";

    private final String name;
    private final String providerClass;
    private final CachingProvider provider;
    private final CacheManager manager;
    private final Cache<String, byte[]> cache;
    private @Nullable URI billingUrl;
    private String where = "";
    private @Nullable MayflyProxyProcess proxyProcess;
    private @Nullable ProxyStack embedded;
    private @Nullable BillingListener serviceListener;
    private boolean closed;

    /**
     * @param providerClass a {@link CachingProvider} implementation on the class path
     * @param configUri     the provider's configuration URI, or null for its default
     * @param properties    provider-specific properties for {@code getCacheManager}
     * @param cacheName     the cache to use; created if the configuration does not define it
     */
    public JCacheTarget(String providerClass, @Nullable URI configUri, Properties properties, String cacheName) {
        this("jcache", providerClass, configUri, properties, cacheName);
    }

    /** @param name the target's name in tables and charts */
    public JCacheTarget(
            String name, String providerClass, @Nullable URI configUri, Properties properties, String cacheName) {
        this.name = name;
        this.providerClass = providerClass;
        ClassLoader loader = JCacheTarget.class.getClassLoader();
        try {
            this.provider = providerClass == null
                    ? Caching.getCachingProvider(loader)
                    : Caching.getCachingProvider(providerClass, loader);
        } catch (CacheException e) {
            throw new TargetUnavailableException(
                    "JCache provider " + providerClass + " cannot be loaded (" + e.getMessage()
                            + "); put its jar on the class path or fix --jcache-provider",
                    e);
        }
        try {
            this.manager = provider.getCacheManager(
                    configUri == null ? provider.getDefaultURI() : configUri, loader, properties);
            Cache<String, byte[]> existing = manager.getCache(cacheName, String.class, byte[].class);
            this.cache = existing != null
                    ? existing
                    : manager.createCache(
                            cacheName, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        } catch (RuntimeException e) {
            provider.close();
            throw new TargetUnavailableException(
                    "JCache provider " + providerClass + " could not open cache " + cacheName
                            + (configUri == null ? "" : " from " + configUri) + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Mayfly through {@code javax.cache} on the store the properties choose (by default the
     * embedded proxy with lambda-local in this JVM). When the cache's store (its
     * {@code unwrap(ObjectStore.class)}) is Mayfly's embedded proxy, the target is metered by that
     * proxy's lambda-local; a remote proxy of the user's own is used as given, unmetered.
     */
    public static JCacheTarget embeddedMayfly(
            String name, String providerClass, @Nullable URI configUri, Properties properties, String cacheName) {
        JCacheTarget target = new JCacheTarget(name, providerClass, configUri, properties, cacheName);
        ProxyStack embedded = embeddedProxyOf(target.cache);
        if (embedded != null && embedded.functions() != null) {
            target.billingUrl = embedded.functions().endpoint().resolve("/mayfly-local/billing");
            target.where = "; embedded proxy, lambda-local in this JVM";
            target.embedded = embedded;
        }
        return target;
    }

    /** The embedded proxy behind a Mayfly cache, or null (another provider, or a remote proxy). */
    private static @Nullable ProxyStack embeddedProxyOf(Cache<?, ?> cache) {
        try {
            return EmbeddedStores.proxyOf(cache.unwrap(ObjectStore.class));
        } catch (IllegalArgumentException notMayfly) {
            return null;
        }
    }

    /**
     * Mayfly through {@code javax.cache} against a proxy in a child JVM that this target starts
     * and, on {@link #close()}, stops; metered by the child's lambda-local.
     *
     * @param heap      the proxy JVM's -Xmx
     * @param proxyArgs its ProxyMain options
     */
    public static JCacheTarget remoteMayfly(
            String name,
            String providerClass,
            @Nullable URI configUri,
            Properties properties,
            String cacheName,
            String heap,
            List<String> proxyArgs) {
        MayflyProxyProcess process = new MayflyProxyProcess(heap, proxyArgs);
        try {
            Properties remote = new Properties();
            remote.putAll(properties);
            remote.setProperty(PROXY, process.clientAddress());
            JCacheTarget target = new JCacheTarget(name, providerClass, configUri, remote, cacheName);
            target.proxyProcess = process;
            target.billingUrl = process.billingUrl();
            target.where = "; proxy JVM pid " + process.pid() + " on " + process.clientAddress() + " ("
                    + String.join(" ", process.arguments()) + ")";
            return target;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return provider.getClass().getName() + " via javax.cache, cache " + cache.getName() + " at " + manager.getURI()
                + where;
    }

    @Override
    public Optional<URI> lambdaBillingUrl() {
        return Optional.ofNullable(billingUrl);
    }

    /**
     * On the embedded proxy only: one on-demand warm-up round and two backup rounds over the
     * nodes holding data, each invocation's billed ms read from lambda-local's meter (see
     * {@link KeepAliveRounds}). Waits up to the nodes' linger (100 ms, or the 10 s burst linger, by
     * default) for the serving nodes to return, as only an idle node is warmed. Empty for any other
     * store.
     */
    public Optional<KeepAliveMeasurement> meterKeepAlive() {
        if (embedded == null || embedded.functions() == null) {
            return Optional.empty();
        }
        return Optional.of(new KeepAliveRounds(
                        name, embedded.server(), embedded.functions().service().billing())
                .run());
    }

    @Override
    public int functionPoolSize() {
        return embedded == null ? 0 : embedded.server().poolSize();
    }

    @Override
    public synchronized void recordService(@Nullable ServiceRecorder recorder) {
        if (embedded == null) {
            return;
        }
        LocalFunctions functions = embedded.functions();
        if (serviceListener != null && functions != null) {
            functions.service().billing().removeListener(serviceListener);
            serviceListener = null;
        }
        if (recorder == null) {
            embedded.server().nodeDemandListener(node -> {});
            return;
        }
        ProxyServer server = embedded.server();
        server.nodeDemandListener(recorder);
        if (functions != null) {
            serviceListener = invocation -> {
                if (invocation.label().equals(NodeCommand.SERVE.wireName())) {
                    recorder.invocationReturned(server.nodeIndex(invocation.function()), invocation.durationNanos());
                }
            };
            functions.service().billing().addListener(serviceListener);
        }
    }

    /** The embedded proxy's billing window and idle return, or null for any other store. */
    public io.mayfly.proxy.node.@Nullable BillingWindow embeddedBilling() {
        return embedded == null ? null : embedded.server().settings().billing();
    }

    /** The billing meter of the embedded proxy's lambda-local, or empty for any other store. */
    public Optional<io.mayfly.lambda.local.billing.BillingMeter> embeddedBillingMeter() {
        return embedded == null || embedded.functions() == null
                ? Optional.empty()
                : Optional.of(embedded.functions().service().billing());
    }

    /** The state of each node of the embedded proxy, or empty for any other store. */
    public List<io.mayfly.proxy.node.NodeState> embeddedNodeStates() {
        if (embedded == null) {
            return List.of();
        }
        List<io.mayfly.proxy.node.NodeState> states = new java.util.ArrayList<>();
        for (int node = 0; node < embedded.server().poolSize(); node++) {
            states.add(embedded.server().nodeState(node));
        }
        return states;
    }

    /** The embedded proxy's function memory in MB, or 0 for any other store. */
    public int embeddedFunctionMemoryMb() {
        return embedded == null ? 0 : embedded.server().settings().functionMemoryMb();
    }

    @Override
    public void clear() {
        cache.clear();
    }

    @Override
    public byte[] get(String key) {
        return cache.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        cache.put(key, value);
    }

    @Override
    public void remove(String key) {
        cache.remove(key);
    }

    @Override
    public boolean contains(String key) {
        return cache.containsKey(key);
    }

    @Override
    public long reportedMemoryBytes() {
        return -1;
    }

    /** Closes the cache manager and provider, then stops the proxy JVM this target started. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            manager.close();
        } finally {
            try {
                provider.close();
            } finally {
                if (proxyProcess != null) {
                    proxyProcess.close();
                }
            }
        }
    }
}
