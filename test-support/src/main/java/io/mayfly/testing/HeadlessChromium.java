package io.mayfly.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Loads a page in Debian's headless Chromium and returns its DOM after its scripts ran for a
 * stretch of virtual time (timers and fetches included), for tests of pages a person would open.
 * The flags keep Chromium off the network: this machine reaches only loopback.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /** True when Chromium is installed (CI installs it; see .ci/run). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /**
     * @param page the page to load
     * @param scriptTime how long the page's timers may run before the DOM is read
     * @param workDir a fresh directory for the browser profile and logs
     */
    public static String dumpDom(URI page, Duration scriptTime, Path workDir) throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install chromium (.ci/run does)");
        }
        Path profile = Files.createDirectories(workDir.resolve("profile-" + System.nanoTime()));
        Path stdout = profile.resolveSibling(profile.getFileName() + ".dom.html");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".log");
        Process p = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--virtual-time-budget=" + scriptTime.toMillis(),
                        "--dump-dom",
                        page.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "chromium did not finish within 90 s; log: " + Files.readString(stderr));
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        if (dom.isBlank()) {
            throw new IllegalStateException(
                    "chromium printed no DOM (exit " + p.exitValue() + "); log: " + Files.readString(stderr));
        }
        return dom;
    }
}
