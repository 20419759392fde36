package io.mayfly.jcache.copy;

import java.io.ObjectInputFilter;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which classes JDK deserialization of a stored value may instantiate. A stored value is data
 * anyone who reaches the proxy could have written, so only classes the cache is known to hold
 * are admitted: java.base value types (String, boxed primitives, java.math numbers, arrays of
 * them, java.util collections, java.time), the key and value types the cache's configuration
 * names (exact classes; Object names nothing), and the patterns of {@code mayfly.serializer.allow}
 * in the JDK's filter syntax. Everything else is rejected when its class descriptor is read,
 * before any of its code runs. A JVM-wide {@code jdk.serialFilter} still rejects what it rejects.
 *
 * <p>The limits bound what a stream can make the reader allocate: an array cannot declare more
 * elements, nor a graph more references, than the stream has bytes.
 */
public final class ValueClassFilter {

    public static final String ALLOW = "mayfly.serializer.allow";
    public static final String MAX_DEPTH = "mayfly.serializer.max-depth";
    public static final String MAX_REFERENCES = "mayfly.serializer.max-references";
    public static final String MAX_ARRAY_LENGTH = "mayfly.serializer.max-array-length";

    static final long DEFAULT_MAX_DEPTH = 500;
    static final long DEFAULT_MAX_REFERENCES = 10_000_000;
    static final long DEFAULT_MAX_ARRAY_LENGTH = Integer.MAX_VALUE;

    /** java.lang and java.math classes that are plain values (and the superclasses their streams name). */
    private static final Set<String> JAVA_BASE_VALUES = Set.of(
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Byte",
            "java.lang.Character",
            "java.lang.Short",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Float",
            "java.lang.Double",
            "java.lang.Number",
            "java.lang.Enum",
            "java.lang.Object",
            // Only as an array's element type (Hibernate's Serializable[] entity state): each element's
            // own class is checked when it is read.
            "java.io.Serializable",
            "java.math.BigInteger",
            "java.math.BigDecimal");

    private final Set<Class<?>> configuredTypes;
    private final @Nullable ObjectInputFilter allowPatterns;
    private final String allowSetting;
    private final long maxDepth;
    private final long maxReferences;
    private final long maxArrayLength;

    private ValueClassFilter(
            Set<Class<?>> configuredTypes,
            String allowSetting,
            long maxDepth,
            long maxReferences,
            long maxArrayLength) {
        this.configuredTypes = configuredTypes;
        this.allowSetting = allowSetting == null ? "" : allowSetting.trim();
        this.allowPatterns =
                this.allowSetting.isEmpty() ? null : ObjectInputFilter.Config.createFilter(this.allowSetting);
        this.maxDepth = maxDepth;
        this.maxReferences = maxReferences;
        this.maxArrayLength = maxArrayLength;
    }

    /** Java.base value types only, default limits: a serializer no cache has configured. */
    static ValueClassFilter valueTypesOnly() {
        return new ValueClassFilter(Set.of(), "", DEFAULT_MAX_DEPTH, DEFAULT_MAX_REFERENCES, DEFAULT_MAX_ARRAY_LENGTH);
    }

    /**
     * The filter of a cache typed {@code keyType} to {@code valueType}, with the manager's
     * {@code mayfly.serializer.*} settings.
     *
     * @throws IllegalArgumentException when a setting is malformed (naming it)
     */
    public static ValueClassFilter forCache(Class<?> keyType, Class<?> valueType, Map<String, String> settings) {
        Set<Class<?>> types = new java.util.HashSet<>();
        for (Class<?> type : new Class<?>[] {keyType, valueType}) {
            if (type != null && type != Object.class) {
                types.add(type);
            }
        }
        String allow = allowPatterns(settings);
        try {
            return new ValueClassFilter(
                    Set.copyOf(types),
                    allow,
                    limit(settings, MAX_DEPTH, DEFAULT_MAX_DEPTH),
                    limit(settings, MAX_REFERENCES, DEFAULT_MAX_REFERENCES),
                    limit(settings, MAX_ARRAY_LENGTH, DEFAULT_MAX_ARRAY_LENGTH));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    ALLOW + "='" + allow + "' is not a JDK serial filter pattern: " + e.getMessage()
                            + " (use patterns such as com.example.Type, com.example.*, com.example.**,"
                            + " separated by ';')",
                    e);
        }
    }

    /** {@code mayfly.serializer.allow}, then every {@code mayfly.serializer.allow.<name>}, joined. */
    private static String allowPatterns(Map<String, String> settings) {
        StringBuilder patterns =
                new StringBuilder(settings.getOrDefault(ALLOW, "").trim());
        new java.util.TreeMap<>(settings).forEach((key, value) -> {
            if (key.startsWith(ALLOW + ".") && value != null && !value.isBlank()) {
                if (patterns.length() > 0) {
                    patterns.append(';');
                }
                patterns.append(value.trim());
            }
        });
        return patterns.toString();
    }

    private static long limit(Map<String, String> settings, String key, long defaultValue) {
        String raw = settings.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 1) {
                throw new NumberFormatException("below 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + raw + "' must be a whole number of at least 1");
        }
    }

    /** A fresh per-stream filter for a value of {@code streamBytes} bytes; it remembers what it refused. */
    StreamFilter forStream(long streamBytes) {
        return new StreamFilter(streamBytes);
    }

    /** The filter of one stream: this cache's rules, then the JVM-wide filter's rejections. */
    final class StreamFilter implements ObjectInputFilter {

        private final long streamBytes;
        private @Nullable String refused;

        private StreamFilter(long streamBytes) {
            this.streamBytes = streamBytes;
        }

        /** What was refused and why, or null. */
        @Nullable
        String refused() {
            return refused;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
            if (jvmWide != null && jvmWide.checkInput(info) == Status.REJECTED) {
                return refuse("the JVM-wide filter jdk.serialFilter rejected "
                        + (info.serialClass() == null
                                ? "a limit"
                                : "class " + info.serialClass().getName()));
            }
            if (info.depth() > maxDepth) {
                return refuse("graph depth " + info.depth() + " exceeds " + MAX_DEPTH + "=" + maxDepth);
            }
            if (info.references() > Math.min(maxReferences, streamBytes)) {
                return refuse("reference count " + info.references() + " exceeds " + MAX_REFERENCES + "="
                        + maxReferences + " or the stream's " + streamBytes + " bytes");
            }
            if (info.arrayLength() > Math.min(maxArrayLength, streamBytes)) {
                return refuse("array of " + info.arrayLength() + " elements exceeds " + MAX_ARRAY_LENGTH + "="
                        + maxArrayLength + " or the stream's " + streamBytes + " bytes");
            }
            Class<?> type = info.serialClass();
            if (type == null || admitted(type)) {
                return Status.ALLOWED;
            }
            return refuse("class " + type.getName() + " is not allowed: add it to " + ALLOW
                    + " (JDK filter syntax, e.g. " + suggestion(type) + "), or type the cache with it");
        }

        private Status refuse(String reason) {
            if (refused == null) {
                refused = reason;
            }
            return Status.REJECTED;
        }

        private boolean admitted(Class<?> type) {
            Class<?> element = type;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (element.isPrimitive()) {
                return true;
            }
            if (allowPatterns != null) {
                Status byPattern = allowPatterns.checkInput(new ClassOnly(type));
                if (byPattern == Status.REJECTED) {
                    return false; // an explicit !pattern wins over the built-in list
                }
                if (byPattern == Status.ALLOWED) {
                    return true;
                }
            }
            return configuredTypes.contains(element) || isJavaBaseValue(element);
        }
    }

    private static boolean isJavaBaseValue(Class<?> type) {
        String name = type.getName();
        if (JAVA_BASE_VALUES.contains(name)) {
            return true;
        }
        if (type.getClassLoader() != null) {
            return false; // only the JDK's own classes, never a look-alike name
        }
        String pkg = type.getPackageName();
        return pkg.equals("java.util") || pkg.equals("java.time") || pkg.startsWith("java.time.");
    }

    private static String suggestion(Class<?> type) {
        String pkg = type.getPackageName();
        return pkg.isEmpty() ? type.getName() : type.getName() + " or " + pkg + ".*";
    }

    /** Asks the pattern filter about the class only: limits are this filter's own business. */
    private record ClassOnly(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 1;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }
}
