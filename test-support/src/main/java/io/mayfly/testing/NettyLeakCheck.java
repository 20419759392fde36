package io.mayfly.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while it ran. Registered for every test
 * class through JUnit's extension auto-detection (the parent POM turns it on).
 *
 * <p>Netty only notices a leak when a leaked buffer has been collected and a later allocation
 * polls the detector's queue, so this forces a collection and allocates a few buffers first.
 */
public final class NettyLeakCheck implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> reports = collectLeakReports();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " Netty buffer leak(s) reported while " + context.getDisplayName()
                    + " ran:\n" + String.join("\n\n", reports));
        }
    }

    /** Makes Netty report the leaks collectable now, and returns (and forgets) every report. */
    static List<String> collectLeakReports() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20); // lets the reference handler enqueue what the collection found
            for (int i = 0; i < 64; i++) {
                release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
                release(PooledByteBufAllocator.DEFAULT.buffer(1));
                release(PooledByteBufAllocator.DEFAULT.directBuffer(1));
            }
        }
        return LeakFailingDetector.drainReports();
    }

    private static void release(ByteBuf buffer) {
        buffer.release();
    }
}
