package io.mayfly.benchmarks.cost;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads metered Lambda billing from lambda-local's billing meter: its control API
 * ({@code GET http://127.0.0.1:<port>/mayfly-local/billing}) or a saved copy of that JSON. Only
 * the report's top-level totals are used: {@code requests} and {@code gbSeconds}. A run is
 * metered with {@link #billedSoFar(URI)} readings, which include the invocations still running:
 * Mayfly's nodes serve in long invocations that Lambda bills only when they return.
 */
public final class LambdaBillingReader {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LambdaBilling fetch(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading billing from " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("billing meter at " + url + " answered HTTP " + response.statusCode()
                    + "; expected lambda-local's GET /mayfly-local/billing");
        }
        return parse(response.body(), url.toString());
    }

    /** The meter's bill so far, running invocations billed to now ({@code ?in-flight=true}). */
    public static URI billedSoFar(URI billingUrl) {
        String query = billingUrl.getRawQuery();
        if (query != null && query.contains("in-flight=")) {
            return billingUrl;
        }
        String s = billingUrl.toString();
        return URI.create(s + (query == null ? "?" : "&") + "in-flight=true");
    }

    public LambdaBilling read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** The billing between two readings of the same meter. */
    public static LambdaBilling between(LambdaBilling before, LambdaBilling after) {
        return new LambdaBilling(
                Math.max(0, after.gbSeconds() - before.gbSeconds()),
                Math.max(0, after.requests() - before.requests()),
                "metered");
    }

    static LambdaBilling parse(String json, String source) {
        double gbSeconds = topLevelNumber(json, "gbSeconds", source);
        double requests = topLevelNumber(json, "requests", source);
        return new LambdaBilling(gbSeconds, (long) requests, "metered");
    }

    /** The number under a key of the outermost object, skipping nested objects, arrays and strings. */
    private static double topLevelNumber(String json, String key, String source) {
        int depth = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = stringEnd(json, i);
                if (depth == 1 && json.substring(i + 1, end).equals(key)) {
                    int colon = json.indexOf(':', end);
                    int start = colon + 1;
                    while (start < json.length() && Character.isWhitespace(json.charAt(start))) {
                        start++;
                    }
                    int stop = start;
                    while (stop < json.length() && "+-.0123456789eE".indexOf(json.charAt(stop)) >= 0) {
                        stop++;
                    }
                    try {
                        return Double.parseDouble(json.substring(start, stop));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "billing report " + source + ": \"" + key + "\" is not a number", e);
                    }
                }
                i = end;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        throw new IllegalArgumentException("billing report " + source + " has no top-level \"" + key
                + "\"; expected lambda-local's billing JSON ({\"requests\":..,\"gbSeconds\":..,...})");
    }

    private static int stringEnd(String json, int open) {
        for (int i = open + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string in billing JSON");
    }
}
