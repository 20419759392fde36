package io.mayfly.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/** One key's outcome of invokeAll: a result, or the exception its processor threw. */
public final class ProcessorResult<T> implements EntryProcessorResult<T> {

    private final @Nullable T result;
    private final @Nullable EntryProcessorException failure;

    private ProcessorResult(@Nullable T result, @Nullable EntryProcessorException failure) {
        this.result = result;
        this.failure = failure;
    }

    public static <T> ProcessorResult<T> of(@Nullable T result) {
        return new ProcessorResult<>(result, null);
    }

    public static <T> ProcessorResult<T> failed(EntryProcessorException failure) {
        return new ProcessorResult<>(null, failure);
    }

    @Override
    public @Nullable T get() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
