package io.mayfly.examples.cacheable;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Renders reports slowly; each result is cached in Mayfly's "reports" cache by quarter. */
@Service
public class ReportRenderer {

    private final long renderDelayMs;
    private final int sizeBytes;
    private final AtomicInteger renders = new AtomicInteger();

    public ReportRenderer(
            @Value("${report.render-delay-ms:1500}") long renderDelayMs,
            @Value("${report.size-bytes:8388608}") int sizeBytes) {
        this.renderDelayMs = renderDelayMs;
        this.sizeBytes = sizeBytes;
    }

    @Cacheable("reports")
    public Report render(String quarter) throws InterruptedException {
        renders.incrementAndGet();
        // Stands for the expensive part: queries, aggregation, a PDF engine.
        TimeUnit.MILLISECONDS.sleep(renderDelayMs);
        byte[] content = new byte[sizeBytes];
        new Random(quarter.hashCode()).nextBytes(content);
        return new Report(quarter, content);
    }

    /** How many times {@link #render} really ran. */
    public int renders() {
        return renders.get();
    }
}
