package io.mayfly.tck.remote;

import io.mayfly.testing.proxy.ProxyProcess;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * For the TCK's remote mode: starts one proxy process before any test runs, points every cache
 * manager of this JVM at it ({@code mayfly.proxy=127.0.0.1:<port>}), and stops it when the test
 * session ends. Acts only in remote mode ({@code mayfly.tck.mode=remote}, the tck-remote
 * execution); a JVM shutdown hook and the child's own parent watch cover sessions that never close.
 */
public final class RemoteProxySession implements LauncherSessionListener {

    static final String PROXY_JAR = "tck.proxy-jar";
    static final String NODE_JAR = "tck.node-jar";
    static final String LOG_DIR = "tck.log-dir";

    private ProxyProcess proxy;
    private Thread shutdownHook;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"remote".equals(System.getProperty("mayfly.tck.mode")) || proxy != null) {
            return;
        }
        Path log = Path.of(System.getProperty(LOG_DIR, "target"), "remote-proxy.log");
        try {
            java.nio.file.Files.deleteIfExists(log); // this run's log only
        } catch (java.io.IOException e) {
            System.err.println("cannot delete the old proxy log " + log + ": " + e);
        }
        proxy = ProxyProcess.start(Path.of(required(PROXY_JAR)), Path.of(required(NODE_JAR)), 0, log);
        shutdownHook = new Thread(proxy::close, "mayfly-tck-remote-proxy-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        System.setProperty("mayfly.proxy", proxy.address());
        System.out.println("TCK remote: proxy process on " + proxy.address() + ", log " + proxy.log());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (proxy == null) {
            return;
        }
        proxy.close();
        long leaks = proxy.leakReports();
        if (leaks > 0) {
            System.out.println("TCK remote: the proxy logged " + leaks + " Netty leak report(s); see " + proxy.log());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook has run or will run, close() is idempotent.
        }
        System.clearProperty("mayfly.proxy");
        proxy = null;
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set (tck-runner's pom sets it for remote mode)");
        }
        return value;
    }
}
