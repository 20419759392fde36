package io.mayfly.protocol.invoke;

import java.util.Map;

/** Typed access to the fields of a parsed flat JSON object, with messages naming the field. */
final class JsonFields {

    private JsonFields() {}

    static String requireString(Map<String, Object> fields, String name) {
        return typed(name, require(fields, name), String.class, "a string");
    }

    /** A string field that older senders leave out. */
    static String optionalString(Map<String, Object> fields, String name, String absent) {
        Object v = fields.get(name);
        return v == null ? absent : typed(name, v, String.class, "a string");
    }

    static long requireLong(Map<String, Object> fields, String name) {
        return typed(name, require(fields, name), Long.class, "an integer");
    }

    /** An integer field that older senders leave out. */
    static long optionalLong(Map<String, Object> fields, String name, long absent) {
        Object v = fields.get(name);
        return v == null ? absent : typed(name, v, Long.class, "an integer");
    }

    private static <T> T typed(String name, Object v, Class<T> type, String what) {
        if (!type.isInstance(v)) {
            throw new MalformedJsonException("field \"" + name + "\" must be " + what + ", was " + v);
        }
        return type.cast(v);
    }

    private static Object require(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        if (v == null) {
            throw new MalformedJsonException("field \"" + name + "\" is missing or null");
        }
        return v;
    }
}
