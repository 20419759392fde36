package io.mayfly.settings;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One setting: its key, type, default, bounds and one line of doc. Declared once in {@link
 * SettingsRegistry}; readers parse values through it, so a key's default and limits live nowhere
 * else.
 *
 * @param key the full key ({@code mayfly.data-shards}); per-cache keys are the part after {@code
 *     mayfly.cache.<name>.} or {@code mayfly.default.}
 * @param scope who reads it
 * @param type how its value is written
 * @param defaultValue the default as written in a properties file, or null when there is none or it
 *     is derived from other settings (the doc says how)
 * @param min smallest allowed value of a number
 * @param max largest allowed value of a number
 * @param choices allowed values of a {@link Type#CHOICE}
 * @param perCache also settable per cache ({@code mayfly.cache.<name>.<key without mayfly.>})
 * @param doc one line: what it does
 */
public record Setting(
        String key,
        Scope scope,
        Type type,
        @Nullable String defaultValue,
        long min,
        long max,
        List<String> choices,
        boolean perCache,
        String doc) {

    /** Who reads a setting. */
    public enum Scope {
        /** A cache manager's settings ({@code getCacheManager} properties, system properties, its file). */
        MANAGER,
        /** A cache's own ({@code mayfly.cache.<name>.}) or every cache's ({@code mayfly.default.}). */
        CACHE,
        /** The embedded proxy and local functions ({@code mayfly-embedded}). */
        EMBEDDED,
        /** The Spring Boot starter only. */
        SPRING,
        /** A JVM system property read by the erasure codec. */
        SYSTEM,
        /** Hibernate's properties ({@code hibernate.cache.mayfly.*}). */
        HIBERNATE,
        /** An environment variable of the function (lambda-node). */
        NODE_ENV
    }

    /** How a value is written. */
    public enum Type {
        LONG,
        INT,
        BOOLEAN,
        STRING,
        CLASS,
        CHOICE
    }

    public Setting {
        choices = List.copyOf(choices);
    }

    /** Parses a whole number, checking the bounds; the error names the key, the value and the remedy. */
    public long parseLong(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            if (defaultValue == null) {
                throw new IllegalArgumentException(key + " has no default: set it");
            }
            raw = defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + raw + "' is not a whole number (fix the setting)", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + "=" + value + " is outside " + bounds() + " (fix the setting)");
        }
        return value;
    }

    public int parseInt(@Nullable String raw) {
        return Math.toIntExact(parseLong(raw));
    }

    public boolean parseBoolean(@Nullable String raw) {
        String text = raw == null || raw.isBlank() ? defaultValue : raw;
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + "='" + raw + "' must be true or false");
        };
    }

    /** The value or the default, checked against the choices of a {@link Type#CHOICE}. */
    public @Nullable String parseString(@Nullable String raw) {
        String text = raw == null || raw.isBlank() ? defaultValue : raw.trim();
        if (type == Type.CHOICE && !choices.contains(text)) {
            throw new IllegalArgumentException(key + "='" + raw + "' must be one of " + String.join(", ", choices));
        }
        return text;
    }

    /** Checks a value of any type (null or blank: the default applies). */
    public void check(@Nullable String raw) {
        switch (type) {
            case LONG, INT -> {
                if (raw != null && !raw.isBlank()) {
                    parseLong(raw);
                }
            }
            case BOOLEAN -> parseBoolean(raw);
            case CHOICE -> parseString(raw);
            case STRING, CLASS -> {
                // free text; its reader checks it
            }
        }
    }

    /** The bounds as documented: "1..256", ">= 0". */
    public String bounds() {
        if (type != Type.LONG && type != Type.INT) {
            return type == Type.CHOICE ? String.join(", ", choices) : "";
        }
        long upper = type == Type.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (max >= upper) {
            return ">= " + min;
        }
        return min + ".." + max;
    }

    /** The key without {@code mayfly.}: its name under {@code mayfly.cache.<name>.}. */
    public String cacheSuffix() {
        return key.startsWith(SettingsRegistry.PREFIX) ? key.substring(SettingsRegistry.PREFIX.length()) : key;
    }
}
