package io.mayfly.protocol.invoke;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A minimal reader and writer for flat JSON objects: one object whose values are strings,
 * integers (fit in a long), booleans or null. It is all the Lambda invocation payload needs and
 * keeps lambda-node free of a JSON library. Nested objects, arrays and fractions are rejected
 * with {@link MalformedJsonException}.
 */
public final class FlatJson {

    /** Longest text {@link #parse} accepts; invocation payloads are a few hundred bytes. */
    public static final int MAX_TEXT_CHARS = 64 * 1024;

    private FlatJson() {}

    /** Builds a flat JSON object in insertion order. */
    public static final class Writer {
        private final StringBuilder out = new StringBuilder("{");
        private boolean first = true;

        public Writer field(String name, String value) {
            key(name);
            if (value == null) {
                out.append("null");
            } else {
                quote(value);
            }
            return this;
        }

        public Writer field(String name, long value) {
            key(name);
            out.append(value);
            return this;
        }

        public Writer field(String name, boolean value) {
            key(name);
            out.append(value);
            return this;
        }

        private void key(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(name);
            out.append(':');
        }

        private void quote(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out + "}";
        }
    }

    public static Writer writer() {
        return new Writer();
    }

    /**
     * Parses a flat JSON object into field name -> value (String, Long, Boolean, or null) in text
     * order. A repeated field name is rejected.
     */
    public static Map<String, Object> parse(String text) {
        if (text == null) {
            throw new MalformedJsonException("JSON text is null; expected a flat object");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new MalformedJsonException("JSON text of " + text.length() + " chars exceeds " + MAX_TEXT_CHARS);
        }
        return new Reader(text).object();
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    String name = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    Object value = value();
                    if (fields.containsKey(name)) {
                        throw error("field \"" + name + "\" appears twice");
                    }
                    fields.put(name, value);
                    skipSpace();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        pos--;
                        throw error("expected ',' or '}'");
                    }
                }
            }
            skipSpace();
            if (pos != s.length()) {
                throw error("trailing characters after the object");
            }
            return fields;
        }

        private @Nullable Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            throw error("expected a string, integer, boolean or null (nested objects and arrays are not supported)");
        }

        private Long number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digitsStart = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digitsStart) {
                throw error("expected digits");
            }
            if (pos - digitsStart > 1 && s.charAt(digitsStart) == '0') {
                throw error("leading zero in a number");
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("only integers are supported");
            }
            try {
                return Long.parseLong(s, start, pos, 10);
            } catch (NumberFormatException e) {
                throw error("integer " + s.substring(start, pos) + " does not fit in 64 bits");
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("unescaped control character in a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        int cp = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos + i), 16);
                            if (d < 0) {
                                throw error("bad hex digit in \\u escape");
                            }
                            cp = cp * 16 + d;
                        }
                        pos += 4;
                        b.append((char) cp);
                    }
                    default -> {
                        pos--;
                        throw error("unknown escape \\" + e);
                    }
                }
            }
        }

        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end of text");
            }
            return s.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private MalformedJsonException error(String what) {
            return new MalformedJsonException("malformed JSON at offset " + pos + ": " + what);
        }
    }
}
