package io.mayfly.node.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes each record, stack trace included, with one print to the current {@code System.out}:
 * the runtime interface client replaces it after start and turns each write into one CloudWatch
 * event, so a record stays one event.
 */
final class StdoutLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final int threshold;

    /** @param threshold null: nothing is written */
    StdoutLogger(String name, @Nullable Level threshold) {
        this.name = name;
        this.threshold = threshold == null ? Integer.MAX_VALUE : threshold.toInt();
    }

    private boolean on(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected @Nullable String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level,
            @Nullable Marker marker,
            @Nullable String pattern,
            Object @Nullable [] arguments,
            @Nullable Throwable throwable) {
        StringBuilder line = new StringBuilder(128)
                .append(level)
                .append(' ')
                .append(Thread.currentThread().getName())
                .append(' ')
                .append(name)
                .append(" - ")
                .append(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        System.out.println(line);
    }
}
