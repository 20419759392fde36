package io.mayfly.testing.proxy;

/**
 * Entry point of a {@link ProxyProcess}: the proxy's own {@code ProxyMain}, bound to the JVM that
 * started it. When that JVM ends, even by SIGKILL (a surefire fork timed out), this one exits and
 * its shutdown hook closes the proxy, so no proxy outlives a build.
 */
public final class ParentBoundProxy {

    private ParentBoundProxy() {}

    public static void main(String[] args) {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.out.println("mayfly-proxy: the JVM that started this proxy ended; stopping");
                    System.exit(0);
                }));
        // By name: test-support is built before the proxy (whose tests use it).
        try {
            Class.forName("io.mayfly.proxy.ProxyMain")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("io.mayfly.proxy.ProxyMain is not on the class path (mayfly-proxy.jar)", e);
        }
    }
}
