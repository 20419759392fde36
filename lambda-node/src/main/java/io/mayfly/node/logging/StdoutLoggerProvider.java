package io.mayfly.node.logging;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's entry to {@link StdoutLogger}: the level comes from {@code MAYFLY_NODE_LOG_LEVEL}
 * (trace, debug, info, warn, error or off; default warn, so a serving node writes nothing on the
 * normal path and an operator sees every problem).
 */
public final class StdoutLoggerProvider implements SLF4JServiceProvider {
    public static final String LEVEL_VARIABLE = "MAYFLY_NODE_LOG_LEVEL";

    // Set in initialize(), which SLF4J calls before any getter.
    @SuppressWarnings("NullAway.Init")
    private ILoggerFactory factory;

    @SuppressWarnings("NullAway.Init")
    private IMarkerFactory markers;

    @SuppressWarnings("NullAway.Init")
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        factory = new StdoutLoggerFactory(threshold(System.getenv()));
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }

    /** The lowest level written; null for off. An unknown value keeps warn and says so once. */
    static @Nullable Level threshold(Map<String, String> env) {
        String value = env.get(LEVEL_VARIABLE);
        if (value == null || value.isBlank()) {
            return Level.WARN;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("OFF")) {
            return null;
        }
        try {
            return Level.valueOf(v);
        } catch (IllegalArgumentException e) {
            System.out.println("WARN " + StdoutLoggerProvider.class.getName() + " - " + LEVEL_VARIABLE + "=" + value
                    + " is not one of trace, debug, info, warn, error, off; logging at warn");
            return Level.WARN;
        }
    }
}
