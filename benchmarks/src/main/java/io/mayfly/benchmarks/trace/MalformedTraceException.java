package io.mayfly.benchmarks.trace;

/** A trace file row that cannot be replayed; the message names the file, the line and the fix. */
public final class MalformedTraceException extends RuntimeException {
    private final long lineNumber;

    public MalformedTraceException(String source, long lineNumber, String problem, String line) {
        super(source + " line " + lineNumber + ": " + problem + " in \"" + abbreviate(line) + "\""
                + " (expected timestamp,op,key,size: seconds as a decimal, GET|PUT|DELETE, a key without"
                + " commas, a whole number of bytes)");
        this.lineNumber = lineNumber;
    }

    public long lineNumber() {
        return lineNumber;
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
