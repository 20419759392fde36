package io.mayfly.lambda.local.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed reads of a request's JSON fields; a missing required or mistyped field is the client's error. */
final class Fields {
    private Fields() {}

    static String string(Map<String, Object> m, String field) {
        return required(field, optionalString(m, field));
    }

    static @Nullable String optionalString(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.invalid(field + " must be a string, not " + v);
        }
        return s;
    }

    static String stringOr(Map<String, Object> m, String field, String fallback) {
        String s = optionalString(m, field);
        return s == null ? fallback : s;
    }

    static Long number(Map<String, Object> m, String field) {
        return required(field, optionalNumber(m, field));
    }

    static @Nullable Long optionalNumber(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long l)) {
            throw ApiError.invalid(field + " must be an integer, not " + v);
        }
        return l;
    }

    static Map<String, Object> object(Map<String, Object> m, String field) {
        return required(field, optionalObject(m, field));
    }

    @SuppressWarnings("unchecked")
    static @Nullable Map<String, Object> optionalObject(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw ApiError.invalid(field + " must be an object");
        }
        return (Map<String, Object>) v;
    }

    private static <T> T required(String field, @Nullable T value) {
        if (value == null) {
            throw ApiError.invalid(field + " is required");
        }
        return value;
    }

    static @Nullable List<String> strings(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw ApiError.invalid(field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw ApiError.invalid(field + " must be a list of strings, not " + list);
            }
            out.add(s);
        }
        return out;
    }
}
