package io.mayfly.lambda.local.json;

import org.jspecify.annotations.Nullable;

/**
 * Checks that bytes are one JSON value, as Lambda checks every Invoke payload before it runs
 * anything ("Could not parse request body into json"). Syntax only: nothing is built.
 */
public final class JsonSyntax {
    // Deeper documents are refused rather than risk the event loop's stack; Jackson's default is 1000.
    private static final int MAX_DEPTH = 512;

    private final byte[] in;
    private int pos;

    private JsonSyntax(byte[] in) {
        this.in = in;
    }

    /** @return null when {@code payload} is one JSON value (or empty), else what is wrong and where */
    public static @Nullable String problem(byte[] payload) {
        JsonSyntax p = new JsonSyntax(payload);
        p.skipSpace();
        if (p.pos == payload.length) {
            return null;
        }
        try {
            p.value(0);
            p.skipSpace();
            if (p.pos != payload.length) {
                return p.fail("unexpected content after the JSON value");
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(fail("nesting deeper than " + MAX_DEPTH));
        }
        skipSpace();
        if (pos >= in.length) {
            throw new IllegalArgumentException(fail("unexpected end of input"));
        }
        switch (in[pos]) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) {
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw new IllegalArgumentException(fail("expected a field name"));
            }
            string();
            skipSpace();
            expect(':');
            value(depth + 1);
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return;
            }
        }
    }

    private void array(int depth) {
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth + 1);
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return;
            }
        }
    }

    private void string() {
        pos++;
        while (pos < in.length) {
            int c = in[pos++] & 0xff;
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw new IllegalArgumentException(fail("control character in a string"));
            }
            if (c == '\\') {
                if (pos >= in.length) {
                    break;
                }
                int e = in[pos++];
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (pos >= in.length || Character.digit(in[pos++], 16) < 0) {
                            throw new IllegalArgumentException(fail("bad \\u escape"));
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw new IllegalArgumentException(fail("bad escape"));
                }
            }
        }
        throw new IllegalArgumentException(fail("unterminated string"));
    }

    private void number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            pos = start;
            throw new IllegalArgumentException(fail("unrecognized token"));
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw new IllegalArgumentException(fail("expected digits after the decimal point"));
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw new IllegalArgumentException(fail("expected exponent digits"));
            }
        }
    }

    private boolean digits() {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos > start;
    }

    private void literal(String word) {
        int start = pos;
        for (int i = 0; i < word.length(); i++) {
            if (pos >= in.length || in[pos] != word.charAt(i)) {
                pos = start;
                throw new IllegalArgumentException(fail("unrecognized token"));
            }
            pos++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException(fail("expected '" + c + "'"));
        }
        pos++;
    }

    private int peek() {
        return pos < in.length ? in[pos] : -1;
    }

    private void skipSpace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    private String fail(String what) {
        return what + " at byte " + pos;
    }
}
