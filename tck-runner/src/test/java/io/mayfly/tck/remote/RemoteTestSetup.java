package io.mayfly.tck.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Paths and commands shared by the remote-mode tests (set by tck-runner's pom). */
final class RemoteTestSetup {

    private RemoteTestSetup() {}

    static Path proxyJar() {
        return Path.of(required(RemoteProxySession.PROXY_JAR));
    }

    static Path nodeJar() {
        return Path.of(required(RemoteProxySession.NODE_JAR));
    }

    static Path log(String name) {
        Path dir = Path.of(System.getProperty(RemoteProxySession.LOG_DIR, "target"));
        dir.toFile().mkdirs();
        return dir.resolve(name);
    }

    /** A JVM running {@code main} on this JVM's class path (surefire's, with Mayfly and the TCK). */
    static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set: run through tck-runner's pom");
        }
        return value;
    }
}
