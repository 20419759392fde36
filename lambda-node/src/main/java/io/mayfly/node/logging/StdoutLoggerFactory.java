package io.mayfly.node.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** One logger per name (the node has a handful of classes), all at one threshold. */
final class StdoutLoggerFactory implements ILoggerFactory {
    private final @Nullable Level threshold;
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    StdoutLoggerFactory(@Nullable Level threshold) {
        this.threshold = threshold;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new StdoutLogger(n, threshold));
    }
}
