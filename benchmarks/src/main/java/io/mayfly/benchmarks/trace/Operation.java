package io.mayfly.benchmarks.trace;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What one trace row asks of the cache. */
public enum Operation {
    GET,
    PUT,
    DELETE;

    /** Parses a CSV op column: GET, PUT, DELETE (or DEL), any case; null when unknown. */
    static @Nullable Operation parse(String text) {
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "GET" -> GET;
            case "PUT", "SET" -> PUT;
            case "DELETE", "DEL" -> DELETE;
            default -> null;
        };
    }
}
