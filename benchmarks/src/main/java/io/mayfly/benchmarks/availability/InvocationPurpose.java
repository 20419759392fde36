package io.mayfly.benchmarks.availability;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node invocation was for, read from the command in its payload ({@code serve},
 * {@code warmup}, and whatever commands backup adds), for splitting lambda-local's bill.
 * Reads only the one field, so commands this build does not know still get their own label.
 */
final class InvocationPurpose {
    private static final Pattern COMMAND = Pattern.compile("\"command\"\\s*:\\s*\"([A-Za-z0-9_-]{1,32})\"");
    static final String UNKNOWN = "other";

    private InvocationPurpose() {}

    static String of(String function, byte[] payload) {
        // The command is the payload's first field; the head is enough and keeps this cheap.
        String head = new String(payload, 0, Math.min(payload.length, 256), StandardCharsets.UTF_8);
        Matcher m = COMMAND.matcher(head);
        return m.find() ? m.group(1) : UNKNOWN;
    }
}
