package io.mayfly.lambda.local.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the control plane's request bodies into maps, lists, strings, numbers ({@code Long} when
 * integral, else {@code Double}), booleans and nulls. The caller bounds the input's size; depth is
 * bounded here.
 */
public final class JsonReader {
    private static final int MAX_DEPTH = 64;

    private final String in;
    private int pos;

    private JsonReader(String in) {
        this.in = in;
    }

    /**
     * @return null for the JSON literal {@code null}
     * @throws IllegalArgumentException naming what is wrong and where
     */
    public static @Nullable Object parse(byte[] json) {
        JsonReader r = new JsonReader(new String(json, StandardCharsets.UTF_8));
        r.skipSpace();
        Object value = r.value(0);
        r.skipSpace();
        if (r.pos != r.in.length()) {
            throw r.fail("unexpected content after the JSON value");
        }
        return value;
    }

    /** An object body; an empty body is an empty object, as the AWS SDK may send none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] json) {
        if (json.length == 0) {
            return Map.of();
        }
        Object value = parse(json);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private @Nullable Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nesting deeper than " + MAX_DEPTH);
        }
        skipSpace();
        if (pos >= in.length()) {
            throw fail("unexpected end of input");
        }
        char c = in.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw fail("expected a field name");
            }
            String name = string();
            skipSpace();
            expect(':');
            out.put(name, value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        pos++;
        int start = pos;
        // Fast path: no escapes (a base64 code package is one long string of them).
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '"') {
                return in.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder out = new StringBuilder(in.substring(start, pos));
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw fail("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= in.length()) {
                break;
            }
            char e = in.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > in.length()) {
                        throw fail("bad \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException bad) {
                        throw fail("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw fail("bad escape");
            }
        }
        throw fail("unterminated string");
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        boolean integral = true;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        String token = in.substring(start, pos);
        try {
            if (integral) {
                return Long.parseLong(token);
            }
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            pos = start;
            throw fail("unrecognized token");
        }
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
        if (!in.startsWith(word, pos)) {
            throw fail("unrecognized token");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw fail("expected '" + c + "'");
        }
        pos++;
    }

    private int peek() {
        return pos < in.length() ? in.charAt(pos) : -1;
    }

    private void skipSpace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException(what + " at character " + pos);
    }
}
