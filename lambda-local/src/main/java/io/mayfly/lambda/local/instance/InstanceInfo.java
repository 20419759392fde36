package io.mayfly.lambda.local.instance;

import io.mayfly.lambda.local.InstanceMode;
import java.time.Instant;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one function instance.
 *
 * @param pid        the child JVM's pid (process mode), or -1
 * @param threadName the instance's thread (in-process mode), or null
 * @param coldStartMillis launch to ready, including any configured cold-start delay; -1 while starting
 */
public record InstanceInfo(
        String id,
        String function,
        InstanceMode mode,
        InstanceState state,
        long pid,
        @Nullable String threadName,
        Instant startedAt,
        long invocations,
        long coldStartMillis) {

    public OptionalLong processId() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }
}
