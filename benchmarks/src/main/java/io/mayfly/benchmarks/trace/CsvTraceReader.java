package io.mayfly.benchmarks.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a user trace: one request per line, {@code timestamp,op,key,size}.
 * <ul>
 *   <li>timestamp: seconds as a decimal (epoch or relative; the first row becomes time 0),
 *       never decreasing from one row to the next;</li>
 *   <li>op: GET, PUT or DELETE (DEL and SET are accepted), any case;</li>
 *   <li>key: any text without a comma (no quoting);</li>
 *   <li>size: bytes, a whole number; a GET's size is what a miss stores (read-through).</li>
 * </ul>
 * Blank lines and lines starting with {@code #} are skipped, and so is a first line
 * {@code timestamp,op,key,size}. Any other bad row stops the read with its line number.
 */
public final class CsvTraceReader {
    private static final String HEADER = "timestamp,op,key,size";
    private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

    public Trace read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        }
    }

    public Trace read(String source, Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<TraceRecord> records = new ArrayList<>();
        long lineNumber = 0;
        long firstMicros = -1;
        long previousMicros = Long.MIN_VALUE;
        boolean sawData = false;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (!sawData && trimmed.replace(" ", "").toLowerCase(Locale.ROOT).equals(HEADER)) {
                sawData = true;
                continue;
            }
            sawData = true;
            String[] columns = trimmed.split(",", -1);
            if (columns.length != 4) {
                throw new MalformedTraceException(source, lineNumber, columns.length + " columns instead of 4", line);
            }
            long micros = parseMicros(source, lineNumber, columns[0].strip(), line);
            Operation op = Operation.parse(columns[1]);
            if (op == null) {
                throw new MalformedTraceException(
                        source, lineNumber, "unknown op \"" + columns[1].strip() + "\"", line);
            }
            String key = columns[2].strip();
            if (key.isEmpty()) {
                throw new MalformedTraceException(source, lineNumber, "empty key", line);
            }
            long size = parseSize(source, lineNumber, columns[3].strip(), line);
            if (micros < previousMicros) {
                throw new MalformedTraceException(
                        source,
                        lineNumber,
                        "timestamp goes back in time (" + columns[0].strip()
                                + " s after a later row); sort the trace by timestamp",
                        line);
            }
            previousMicros = micros;
            if (firstMicros < 0) {
                firstMicros = micros;
            }
            records.add(new TraceRecord(micros - firstMicros, op, key, size));
        }
        if (records.isEmpty()) {
            throw new MalformedTraceException(source, lineNumber, "no requests", "");
        }
        long lastMicros = records.get(records.size() - 1).timestampMicros();
        return new Trace("CSV trace " + source, records, Duration.ofNanos(lastMicros * 1000));
    }

    private static long parseMicros(String source, long lineNumber, String text, String line) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedTraceException(
                    source, lineNumber, "timestamp \"" + text + "\" is not a number of seconds", line);
        }
        if (seconds.signum() < 0) {
            throw new MalformedTraceException(source, lineNumber, "timestamp " + text + " is negative", line);
        }
        try {
            return seconds.multiply(MICROS_PER_SECOND)
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedTraceException(source, lineNumber, "timestamp " + text + " is too large", line);
        }
    }

    private static long parseSize(String source, long lineNumber, String text, String line) {
        long size;
        try {
            size = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedTraceException(
                    source, lineNumber, "size \"" + text + "\" is not a whole number of bytes", line);
        }
        if (size < 0) {
            throw new MalformedTraceException(source, lineNumber, "size " + size + " is negative", line);
        }
        if (size > Integer.MAX_VALUE - 8) {
            // Values are replayed as Java byte arrays.
            throw new MalformedTraceException(
                    source,
                    lineNumber,
                    "size " + size + " exceeds the largest value the" + " driver can replay (" + (Integer.MAX_VALUE - 8)
                            + " bytes)",
                    line);
        }
        return size;
    }
}
