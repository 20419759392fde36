package io.mayfly.cli.deploy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One function as found, against what was asked. A missing function has no state, update status,
 * memory, architecture or reserved concurrency: they are null.
 *
 * @param differences empty when the function is as asked
 */
public record FunctionStatus(
        String name,
        boolean exists,
        @Nullable String state,
        @Nullable String lastUpdateStatus,
        boolean codeMatches,
        @Nullable Integer memoryMb,
        @Nullable String architecture,
        @Nullable Integer reservedConcurrency,
        List<String> differences) {

    static FunctionStatus missing(String name) {
        return new FunctionStatus(name, false, null, null, false, null, null, null, List.of("missing"));
    }

    public boolean asAsked() {
        return differences.isEmpty();
    }

    /** The one line `mayfly status` prints. */
    public String line() {
        if (!exists) {
            return name + ": MISSING";
        }
        return name + ": " + state + ", last update " + lastUpdateStatus + ", code "
                + (codeMatches ? "matches" : "DIFFERS") + ", " + memoryMb + " MB, " + architecture
                + (reservedConcurrency == null ? "" : ", reserved concurrency " + reservedConcurrency)
                + (differences.isEmpty() ? "" : "; differs: " + String.join("; ", differences));
    }
}
