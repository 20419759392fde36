package io.mayfly.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's meters as read-only attributes of one MBean, {@code io.mayfly:type=Proxy,name=...}:
 * for operators with a JMX console and no Prometheus. Attribute names are the meter names with
 * their tags, e.g. {@code mayfly.proxy.nodes[state=serving]}.
 */
public final class ProxyMBean implements DynamicMBean, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyMBean.class);

    private final ProxyMetrics metrics;
    private final ObjectName name;
    private final MBeanServer server;

    private ProxyMBean(ProxyMetrics metrics, ObjectName name, MBeanServer server) {
        this.metrics = metrics;
        this.name = name;
        this.server = server;
    }

    /** Registers the proxy's MBean; a clash (two proxies, one name) is logged, not fatal. */
    public static @Nullable ProxyMBean register(ProxyMetrics metrics, String proxyName) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName("io.mayfly:type=Proxy,name=" + ObjectName.quote(proxyName));
            ProxyMBean bean = new ProxyMBean(metrics, name, server);
            server.registerMBean(bean, name);
            return bean;
        } catch (InstanceAlreadyExistsException e) {
            log.warn("an MBean for proxy {} is registered already; this proxy exports none", proxyName);
            return null;
        } catch (JMException e) {
            log.warn("cannot register the proxy's MBean: {}", e.toString());
            return null;
        }
    }

    public ObjectName objectName() {
        return name;
    }

    private Map<String, Double> values() {
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : metrics.registry().getRegistries().iterator().next().getMeters()) {
            String key = attributeName(meter);
            if (meter instanceof Counter c) {
                values.put(key, c.count());
            } else if (meter instanceof FunctionCounter c) {
                values.put(key, c.count());
            } else if (meter instanceof Gauge g) {
                values.put(key, g.value());
            } else if (meter instanceof Timer t) {
                values.put(key + ".count", (double) t.count());
                values.put(key + ".mean.ms", t.mean(TimeUnit.MILLISECONDS));
                values.put(key + ".max.ms", t.max(TimeUnit.MILLISECONDS));
            }
        }
        return values;
    }

    private static String attributeName(Meter meter) {
        List<Tag> tags = meter.getId().getTags();
        if (tags.isEmpty()) {
            return meter.getId().getName();
        }
        StringBuilder s = new StringBuilder(meter.getId().getName()).append('[');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(tags.get(i).getKey()).append('=').append(tags.get(i).getValue());
        }
        return s.append(']').toString();
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Double value = values().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException("no proxy meter named " + attribute);
        }
        return value;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("the proxy's meters are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Double> values = values();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            Double v = values.get(a);
            if (v != null) {
                list.add(new Attribute(a, v));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(
                new NoSuchMethodException(actionName), "the proxy's MBean has no operations, only meters");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        for (String key : values().keySet()) {
            attributes.add(new MBeanAttributeInfo(key, "java.lang.Double", key, true, false, false));
        }
        return new MBeanInfo(
                ProxyMBean.class.getName(),
                "Mayfly proxy meters",
                attributes.toArray(new MBeanAttributeInfo[0]),
                null,
                null,
                null);
    }

    @Override
    public void close() {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.debug("unregistering {} failed", name, e);
        }
    }
}
