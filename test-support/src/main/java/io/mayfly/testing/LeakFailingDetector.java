package io.mayfly.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Netty leak detector that records every leak report, so {@link NettyLeakCheck} can fail the
 * test class that leaked (a leak report fails the build). Installed for every test JVM
 * by the parent POM through {@code -Dio.netty.customResourceLeakDetector}. The reports are not
 * logged here: the failing class's assertion message carries them whole.
 */
public final class LeakFailingDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    public LeakFailingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public LeakFailingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    /** Reports even when no logging backend is bound, which is the case in most modules. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
    }

    /** Returns and forgets the reports collected so far. */
    static List<String> drainReports() {
        List<String> drained = List.copyOf(REPORTS);
        REPORTS.removeAll(drained);
        return drained;
    }
}
