package io.mayfly.protocol.invoke;

import java.util.Map;

/** Typed access to the fields of a parsed flat JSON object, with messages naming the field. */
final class JsonFields {

    private JsonFields() {}

    static String requireString(Map<String, Object> fields, String name) {
        Object v = require(fields, name);
        if (!(v instanceof String s)) {
            throw new MalformedJsonException("field \"" + name + "\" must be a string, was " + v);
        }
        return s;
    }

    /** A string field that older senders leave out. */
    static String optionalString(Map<String, Object> fields, String name, String absent) {
        Object v = fields.get(name);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof String s)) {
            throw new MalformedJsonException("field \"" + name + "\" must be a string, was " + v);
        }
        return s;
    }

    static long requireLong(Map<String, Object> fields, String name) {
        Object v = require(fields, name);
        if (!(v instanceof Long l)) {
            throw new MalformedJsonException("field \"" + name + "\" must be an integer, was " + v);
        }
        return l;
    }

    /** An integer field that older senders leave out. */
    static long optionalLong(Map<String, Object> fields, String name, long absent) {
        Object v = fields.get(name);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Long l)) {
            throw new MalformedJsonException("field \"" + name + "\" must be an integer, was " + v);
        }
        return l;
    }

    private static Object require(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        if (v == null) {
            throw new MalformedJsonException("field \"" + name + "\" is missing or null");
        }
        return v;
    }
}
