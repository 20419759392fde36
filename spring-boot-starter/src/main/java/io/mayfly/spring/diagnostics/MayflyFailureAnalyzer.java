package io.mayfly.spring.diagnostics;

import io.mayfly.client.StoreUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns the start-up failures Mayfly users meet most into Boot's "APPLICATION FAILED TO START"
 * report with a remedy: a proxy that cannot be reached, a misspelt {@code mayfly.*} setting, and a
 * Netty Mayfly cannot run on (the thin client runs on 4.1 and 4.2; the embedded proxy needs 4.2).
 */
public final class MayflyFailureAnalyzer implements FailureAnalyzer {

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            FailureAnalysis analysis = analyzeOne(t);
            if (analysis != null) {
                return analysis;
            }
        }
        return null;
    }

    private static @Nullable FailureAnalysis analyzeOne(Throwable t) {
        String message = String.valueOf(t.getMessage());
        if (t instanceof StoreUnavailableException) {
            return new FailureAnalysis(
                    "Mayfly could not reach its proxy while the application started: " + message,
                    "Start the proxy named by mayfly.proxy (or check its host, port and firewall), or set"
                            + " mayfly.fail-open=true so the application starts and its caches count as misses"
                            + " until the proxy answers; mayfly.proxy=embedded runs a proxy inside the application.",
                    t);
        }
        if (message.startsWith("unknown setting mayfly.") || message.contains(": unknown setting mayfly.")) {
            return new FailureAnalysis(
                    "A Mayfly setting is not known: " + message,
                    "Correct the key in application.properties or the Mayfly properties file;"
                            + " docs/configuration.md lists every mayfly.* setting with its default.",
                    t);
        }
        if (t instanceof IllegalStateException && message.startsWith("Mayfly's client needs Netty")) {
            return new FailureAnalysis(
                    message,
                    "Import io.netty:netty-bom at a supported version in dependencyManagement"
                            + " (io.mayfly:mayfly-bom aligns it), or exclude the unsupported Netty.",
                    t);
        }
        if ((t instanceof NoClassDefFoundError || t instanceof NoSuchMethodError || t instanceof NoSuchFieldError)
                && (message.contains("io/netty/") || message.contains("io.netty."))) {
            return new FailureAnalysis(
                    "Mayfly's embedded proxy needs Netty 4.2 (the thin mayfly-provider alone also runs on 4.1),"
                            + " but the class path holds " + nettyVersion() + " (" + message
                            + "); dependency management (often Spring Boot 3's or Redisson's) chose an older Netty.",
                    "Import io.netty:netty-bom at Mayfly's Netty version in dependencyManagement before other BOMs"
                            + " (io.mayfly:mayfly-bom aligns it), or exclude the older Netty.",
                    t);
        }
        return null;
    }

    private static String nettyVersion() {
        try {
            Class<?> version = Class.forName("io.netty.util.Version");
            Object all = version.getMethod("identify").invoke(null);
            Object common = ((java.util.Map<?, ?>) all).get("netty-common");
            return common == null
                    ? "an unknown Netty"
                    : "Netty " + version.getMethod("artifactVersion").invoke(common);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "an unknown Netty";
        }
    }
}
