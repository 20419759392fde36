package io.mayfly.benchmarks.availability;

import io.mayfly.proxy.ProxySettings;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets the proxy's keep-alive settings (warm-up, backup, repair) by their {@link ProxySettings}
 * component names, and says which ones this build of the proxy lacks, so the report marks those
 * rows instead of measuring a mechanism that is not there. The settings are scaled to wall time
 * by the caller.
 */
final class KeepAliveSettings {
    static final String WARMUP_INTERVAL_MS = "warmupIntervalMs";
    static final String BACKUP_INTERVAL_MS = "backupIntervalMs";
    static final String REPAIR_ENABLED = "repairEnabled";
    static final String REPAIR_RATE_BYTES_PER_SECOND = "repairRateBytesPerSecond";

    private KeepAliveSettings() {
    }

    /**
     * @param settings the proxy's settings, with every wanted component set that exists
     * @param missing  the wanted components this proxy does not have
     */
    record Applied(ProxySettings settings, Set<String> missing) { }

    static Applied apply(ProxySettings base, Mechanisms mechanisms, long warmupIntervalMs, long backupIntervalMs,
                         long repairRateBytesPerSecond) {
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put(WARMUP_INTERVAL_MS, warmupIntervalMs);
        wanted.put(BACKUP_INTERVAL_MS, mechanisms.backup() ? backupIntervalMs : 0L);
        wanted.put(REPAIR_ENABLED, mechanisms.repair());
        wanted.put(REPAIR_RATE_BYTES_PER_SECOND, repairRateBytesPerSecond);
        return with(base, wanted);
    }

    /** Which mechanisms a configuration needs that this proxy lacks (empty: it can be measured). */
    static List<String> lacking(Set<String> missing, Mechanisms mechanisms) {
        List<String> out = new java.util.ArrayList<>();
        if (missing.contains(WARMUP_INTERVAL_MS)) {
            out.add("warm-up");
        }
        if (mechanisms.backup() && missing.contains(BACKUP_INTERVAL_MS)) {
            out.add("backup");
        }
        if (mechanisms.repair() && missing.contains(REPAIR_ENABLED)) {
            out.add("repair");
        }
        return out;
    }

    static Applied with(ProxySettings base, Map<String, Object> wanted) {
        RecordComponent[] components = ProxySettings.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Set<String> missing = new LinkedHashSet<>(wanted.keySet());
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                args[i] = c.getAccessor().invoke(base);
                if (wanted.containsKey(c.getName())) {
                    args[i] = convert(wanted.get(c.getName()), c.getType(), c.getName());
                    missing.remove(c.getName());
                }
            }
            Constructor<ProxySettings> canonical = ProxySettings.class.getDeclaredConstructor(types);
            return new Applied(canonical.newInstance(args), missing);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("ProxySettings refused " + wanted + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build ProxySettings with " + wanted + ": " + e, e);
        }
    }

    private static Object convert(Object value, Class<?> type, String name) {
        if (type == boolean.class || type == Boolean.class) {
            return value;
        }
        Number n = (Number) value;
        if (type == long.class || type == Long.class) {
            return n.longValue();
        }
        if (type == int.class || type == Integer.class) {
            return (int) Math.min(Integer.MAX_VALUE, n.longValue());
        }
        if (type == double.class || type == Double.class) {
            return n.doubleValue();
        }
        throw new IllegalStateException("ProxySettings." + name + " is a " + type.getName()
                + "; this report sets it as a number or a boolean");
    }
}
