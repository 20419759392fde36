/**
 * What the proxy reports about itself: counters, the pool report, the JSON metrics endpoint and the
 * JMX bean.
 */
@NullMarked
package io.mayfly.proxy.metrics;

import org.jspecify.annotations.NullMarked;
