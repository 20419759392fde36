package io.mayfly.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBeanServer under the standard names
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 */
public final class MBeanRegistration {

    /** The two standard MXBean kinds of JSR-107 section 12. */
    public enum Kind {
        CONFIGURATION("CacheConfiguration"),
        STATISTICS("CacheStatistics");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** The ObjectName of one of a cache's beans. */
    public static ObjectName objectName(Kind kind, URI managerUri, String cacheName) {
        String name = "javax.cache:type=" + kind.type
                + ",CacheManager=" + safeValue(managerUri.toString())
                + ",Cache=" + safeValue(cacheName);
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new CacheException("cannot build the MBean name " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * ObjectName values cannot hold {@code : = , \n} unquoted; like the TCK (and Micrometer's
     * JCacheMetrics, which rebuilds the name) we replace them with '.'.
     */
    static String safeValue(String value) {
        return value.replaceAll(":|=|\n|,", ".");
    }

    public void register(Object bean, Kind kind, URI managerUri, String cacheName) {
        ObjectName name = objectName(kind, managerUri, cacheName);
        try {
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (InstanceAlreadyExistsException e) {
            // another thread registered the same cache's bean first: the outcome we wanted
        } catch (Exception e) {
            throw new CacheException("cannot register MBean " + name + ": " + e.getMessage(), e);
        }
    }

    public void unregister(Kind kind, URI managerUri, String cacheName) {
        ObjectName name = objectName(kind, managerUri, cacheName);
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (Exception e) {
            throw new CacheException("cannot unregister MBean " + name + ": " + e.getMessage(), e);
        }
    }
}
