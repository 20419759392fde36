package io.mayfly.cli.deploy;

import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;

/**
 * What a pool function is, as the proxy expects it: the handler, a timeout above the proxy's
 * longest serve (Lambda must never kill a serving node: its memory would go), and the naming.
 * The infrastructure template states the same values, and a test holds them equal.
 */
public final class NodeDefaults {
    public static final String HANDLER = "io.mayfly.node.MayflyNodeHandler::handleRequest";
    public static final String RUNTIME = "java21";
    public static final String ARCHITECTURE = "arm64";
    public static final int MEMORY_MB = 1536;
    public static final int FUNCTIONS = ProxySettings.DEFAULTS.poolSize();
    public static final String PREFIX = ProxySettings.DEFAULTS.functionPrefix();
    /** The proxy's longest serve plus a minute, as the proxy's local runtimes use. */
    public static final int TIMEOUT_SECONDS =
            (int) Math.min(900, (BillingWindow.DEFAULTS.maxServeMs() + 60_000) / 1000);
    /** The port functions dial back to. */
    public static final int NODE_PORT = ProxySettings.DEFAULTS.nodePort();
    /** The bundled function code, inside mayfly.jar. */
    public static final String BUNDLED_CODE = "META-INF/mayfly/mayfly-lambda-node.jar";

    private NodeDefaults() {}
}
