package io.mayfly.client;

import io.netty.util.Version;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The thin client runs on Netty 4.1 (from {@link #MINIMUM}) and 4.2: it uses only APIs both lines
 * have. An application whose dependency management settled on another Netty gets a message that
 * names the version found and the one needed, instead of a NoClassDefFoundError on first use.
 */
public final class NettyCompatibility {

    /**
     * The oldest 4.1 accepted: the client path calls no API added to 4.1 after it (the
     * compat-netty41 module runs the client on the 4.1 that Redisson 3 brings).
     */
    public static final String MINIMUM = "4.1.100.Final";

    private static final String[] ARTIFACTS = {"netty-common", "netty-buffer", "netty-transport", "netty-codec"};

    private NettyCompatibility() {}

    /**
     * Fails when a Netty artifact the client needs is missing or of an unsupported line.
     *
     * @throws IllegalStateException naming the artifact, the version found and the versions needed
     */
    public static void check() {
        Map<String, Version> versions = Version.identify(NettyCompatibility.class.getClassLoader());
        for (String artifact : ARTIFACTS) {
            Version v = versions.get(artifact);
            // Netty's version properties can be missing from repackaged jars: nothing to judge then.
            if (v != null) {
                String problem = problem(v.artifactVersion());
                if (problem != null) {
                    throw new IllegalStateException("Mayfly's client needs Netty " + MINIMUM
                            + " or newer within 4.1.x, or 4.2.x; found io.netty:" + artifact + ":"
                            + v.artifactVersion() + " (" + problem + "). Align Netty with the io.mayfly:mayfly-bom"
                            + " BOM or pin io.netty:netty-bom to a supported version.");
                }
            }
        }
    }

    /** Null when {@code version} is supported, else why not. */
    static @Nullable String problem(String version) {
        String[] parts = version.split("[.\\-]");
        if (parts.length < 3) {
            return "unreadable version";
        }
        int major;
        int minor;
        int patch;
        try {
            major = Integer.parseInt(parts[0]);
            minor = Integer.parseInt(parts[1]);
            patch = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            return "unreadable version";
        }
        if (major != 4 || minor < 1 || minor > 2) {
            return "only the 4.1 and 4.2 lines are supported";
        }
        if (minor == 1 && patch < 100) {
            return "4.1 before " + MINIMUM + " is not supported";
        }
        return null;
    }
}
