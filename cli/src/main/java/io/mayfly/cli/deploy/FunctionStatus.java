package io.mayfly.cli.deploy;

import java.util.List;

/**
 * One function as found, against what was asked.
 *
 * @param differences empty when the function is as asked
 */
public record FunctionStatus(
        String name,
        boolean exists,
        String state,
        String lastUpdateStatus,
        boolean codeMatches,
        Integer memoryMb,
        String architecture,
        Integer reservedConcurrency,
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
