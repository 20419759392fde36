package io.mayfly.tck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one summary line per TCK mode (run, failed, errors, excluded, wall time) and writes it,
 * with the failing tests, to {@code target/tck-reports/<mode>-summary.txt}. Excluded means listed
 * in the TCK's ExcludeList: such a test reports as passed, so it is counted separately here. The
 * TCK also passes, without running them, the tests of optional features the provider declares
 * unsupported (Mayfly: store-by-reference); those are counted as "optional-unsupported".
 */
public final class TckSummaryListener implements TestExecutionListener {

    private final Set<String> excludeList = readExcludeList();
    private final List<String> failures = new ArrayList<>();
    private int run;
    private int failed;
    private int errors;
    private int skipped;
    private int excluded;
    private final Set<String> excludedByTck = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Handler exclusionWatcher = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            // The TCK's excluders log "===== EXCLUDING TEST 'class'\t'method'." and pass the test.
            String message = formatter.formatMessage(record);
            if (message != null && message.startsWith("===== EXCLUDING TEST")) {
                String[] parts = message.split("'");
                if (parts.length >= 4) {
                    excludedByTck.add(parts[1] + "#" + parts[3]);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private long startNanos;
    /** Only TCK executions (they set mayfly.tck.mode) get a summary; Mayfly's own tests do not. */
    private boolean active;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        active = System.getProperty("mayfly.tck.mode") != null;
        startNanos = System.nanoTime();
        Logger.getLogger("").addHandler(exclusionWatcher);
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            skipped++;
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        run++;
        String name = name(test);
        if (excludeList.contains(name)) {
            excluded++;
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> {}
            case ABORTED -> skipped++;
            case FAILED -> {
                Throwable t = result.getThrowable().orElse(null);
                if (t instanceof AssertionError) {
                    failed++;
                } else {
                    errors++;
                }
                failures.add(name + " -> " + t);
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Logger.getLogger("").removeHandler(exclusionWatcher);
        if (!active) {
            return;
        }
        String mode = System.getProperty("mayfly.tck.mode");
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        List<String> optionalUnsupported = new ArrayList<>();
        for (String name : excludedByTck) {
            if (!excludeList.contains(name)) {
                optionalUnsupported.add(name);
            }
        }
        java.util.Collections.sort(optionalUnsupported);
        String line = String.format(
                "TCK %s: run %d, failed %d, errors %d, excluded %d, skipped %d,"
                        + " optional-unsupported %d, wall %.1f s",
                mode, run, failed, errors, excluded, skipped, optionalUnsupported.size(), seconds);
        System.out.println(line);
        String dir = System.getProperty("mayfly.tck.summary-dir");
        if (dir != null) {
            List<String> lines = new ArrayList<>();
            lines.add(line);
            lines.addAll(failures);
            for (String name : optionalUnsupported) {
                lines.add(name + " -> passed without running: optional feature not supported");
            }
            try {
                Files.createDirectories(Path.of(dir));
                Files.write(Path.of(dir, mode + "-summary.txt"), lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("cannot write the TCK summary to " + dir + ": " + e);
            }
        }
    }

    private static String name(TestIdentifier test) {
        if (test.getSource().orElse(null) instanceof MethodSource method) {
            return method.getClassName() + "#" + method.getMethodName();
        }
        return test.getDisplayName();
    }

    private static Set<String> readExcludeList() {
        Set<String> names = new HashSet<>();
        String resource = System.getProperty("ExcludeList", "ExcludeList");
        try (InputStream in = TckSummaryListener.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String entry = line.trim();
                    if (!entry.isEmpty() && !entry.startsWith("#")) {
                        names.add(entry);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read the TCK ExcludeList " + resource + ": " + e);
        }
        return names;
    }
}
