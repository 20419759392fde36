package io.mayfly.proxy.metrics;

import org.jspecify.annotations.Nullable;

/** The few JSON pieces the dashboard's feed needs; names and ids are the only strings in it. */
final class Json {

    private Json() {}

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static String string(@Nullable String s) {
        return s == null ? "null" : "\"" + escape(s) + "\"";
    }
}
