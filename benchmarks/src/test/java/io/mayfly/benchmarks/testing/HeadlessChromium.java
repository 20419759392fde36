package io.mayfly.benchmarks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens a report in Debian's headless Chromium and reads back the charts' attributes after layout. */
public final class HeadlessChromium {
    private static final Pattern SVG_TAG = Pattern.compile("<svg\\b[^>]*\\bclass=\"chart\"[^>]*>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

    private HeadlessChromium() {}

    /** Chart id to its attributes (data-rendered, data-drawn, data-series, ...), in page order. */
    public static Map<String, Map<String, String>> renderedCharts(Path html, Path workDir)
            throws IOException, InterruptedException {
        Path chromium = RequiredBinary.find("chromium", "chromium", List.of(Path.of("/usr/bin/chromium")));
        String dom = dumpDom(chromium, html, workDir.resolve("profile"));
        Map<String, Map<String, String>> charts = new LinkedHashMap<>();
        Matcher tags = SVG_TAG.matcher(dom);
        while (tags.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(tags.group());
            while (a.find()) {
                attributes.put(a.group(1), a.group(2));
            }
            charts.put(attributes.get("id"), attributes);
        }
        return charts;
    }

    private static String dumpDom(Path chromium, Path html, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path stdout = profile.resolveSibling("dom.html");
        Path stderr = profile.resolveSibling("chromium.log");
        Process p = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--dump-dom",
                        html.toUri().toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS))
                    .as("chromium finished within 90 s")
                    .isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(dom)
                .as("chromium exit %s, log: %s", p.exitValue(), Files.readString(stderr))
                .contains("</svg>");
        return dom;
    }
}
