package io.mayfly.benchmarks.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds an external program a test needs. In CI (CI=true) a missing program fails the test with
 * the install command, so a green build never hides a skipped check; elsewhere the test is skipped.
 */
public final class RequiredBinary {
    private RequiredBinary() {}

    public static Path find(String name, String debianPackage, List<Path> likelyPlaces) {
        for (Path p : likelyPlaces) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        String message = name + " is not installed (looked in " + likelyPlaces + " and PATH); install it with"
                + " apt-get install -y --no-install-recommends " + debianPackage + " (.ci/run does this in CI)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        return null;
    }
}
