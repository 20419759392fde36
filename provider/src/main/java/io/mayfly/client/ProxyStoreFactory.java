package io.mayfly.client;

import io.mayfly.settings.Setting;
import io.mayfly.settings.SettingsRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens the proxy-backed store from a cache manager's settings: {@code mayfly.proxy=embedded}
 * (the default) starts a proxy and local functions in this JVM through the {@link
 * EmbeddedStoreLauncher} of the {@code mayfly-embedded} artifact; {@code host:port[,host:port...]}
 * connects to remote proxies, choosing one per key by consistent hashing.
 *
 * <p>Settings read here (all optional, defaults and bounds in {@link SettingsRegistry}): {@code
 * mayfly.proxy}, {@code mayfly.operation-timeout-ms}, {@code mayfly.connect-timeout-ms}, {@code
 * mayfly.segment-cap-bytes}, and for remote proxies {@code mayfly.caller-connections}, {@code
 * mayfly.auth.token-file} / {@code mayfly.auth.token}, {@code mayfly.tls.enabled}, {@code
 * mayfly.tls.trust-certificates} ({@link ClientSecurity}); the embedded launcher reads the {@code mayfly.embedded.*} settings.
 */
public final class ProxyStoreFactory implements ObjectStoreFactory {

    /** The artifact that holds the embedded proxy and lambda-local. */
    public static final String EMBEDDED_ARTIFACT = "io.mayfly:mayfly-embedded";

    @Override
    public ObjectStore open(Map<String, String> settings) {
        String proxy = Objects.requireNonNull(
                SettingsRegistry.PROXY.parseString(settings.get(SettingsRegistry.PROXY.key())),
                "mayfly.proxy has a default");
        long timeoutMs = read(settings, SettingsRegistry.OPERATION_TIMEOUT_MS);
        int segmentCap = (int) read(settings, SettingsRegistry.SEGMENT_CAP_BYTES);
        if (proxy.equals("embedded")) {
            return embeddedLauncher().open(settings, timeoutMs, segmentCap);
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String address : proxy.split(",")) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("proxy address '" + a
                        + "' is not host:port (mayfly.proxy takes 'embedded' or host:port[,host:port...])");
            }
            addresses.add(InetSocketAddress.createUnresolved(
                    a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
        }
        long connectMs = read(settings, SettingsRegistry.CONNECT_TIMEOUT_MS);
        return ProxyObjectStore.remote(
                addresses, timeoutMs, connectMs, segmentCap, ClientSecurity.fromSettings(settings), (int)
                        read(settings, SettingsRegistry.CALLER_CONNECTIONS));
    }

    /**
     * The embedded launcher on this class path. The thin provider carries none: remote-only apps
     * do not pay for the proxy, lambda-local and the AWS SDK.
     */
    static EmbeddedStoreLauncher embeddedLauncher() {
        for (ClassLoader loader : new ClassLoader[] {
            Thread.currentThread().getContextClassLoader(), ProxyStoreFactory.class.getClassLoader()
        }) {
            if (loader == null) {
                continue;
            }
            for (EmbeddedStoreLauncher launcher : ServiceLoader.load(EmbeddedStoreLauncher.class, loader)) {
                return launcher;
            }
        }
        throw new IllegalStateException("mayfly.proxy=embedded (the default) needs the embedded proxy, which is not on"
                + " the class path: add the artifact " + EMBEDDED_ARTIFACT
                + " (it brings the proxy and local functions), or set mayfly.proxy=host:port to use a running proxy");
    }

    private static long read(Map<String, String> settings, Setting setting) {
        return setting.parseLong(settings.get(setting.key()));
    }
}
