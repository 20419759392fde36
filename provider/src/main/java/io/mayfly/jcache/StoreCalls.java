package io.mayfly.jcache;

import io.mayfly.client.KeySpace;
import io.mayfly.client.StoreUnavailableException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Runs store calls with a deadline, and turns every store failure into a {@link CacheException}
 * (the JCache boundary: callers see only CacheException). A call the key space cannot bound
 * within the operation timeout (it may have to connect first, or its own timeout is longer) runs
 * on a worker thread, so that a store that hangs (a dead proxy, a half-open socket) cannot hold
 * the caller past the operation timeout; once the key space bounds its calls as tightly, they run
 * in the caller's thread, sparing a thread hop and a second wait per call. With guarding off
 * every call runs in the caller's thread and the store's own timeout applies.
 */
final class StoreCalls {

    private final ExecutorService workers;
    private final long timeoutMs;
    private final boolean guarded;
    private final @Nullable KeySpace space;

    StoreCalls(ExecutorService workers, long timeoutMs, boolean guarded) {
        this(workers, timeoutMs, guarded, null);
    }

    private StoreCalls(ExecutorService workers, long timeoutMs, boolean guarded, @Nullable KeySpace space) {
        this.workers = workers;
        this.timeoutMs = timeoutMs;
        this.guarded = guarded;
        this.space = space;
    }

    /** These calls for one key space, whose own bound lets them skip the worker thread. */
    StoreCalls forSpace(KeySpace space) {
        return new StoreCalls(workers, timeoutMs, guarded, space);
    }

    /** Whether a call may run in the caller's thread and still end within the operation timeout. */
    private boolean boundedByStore() {
        if (space == null) {
            return false;
        }
        long bound = space.callBoundMs();
        return bound >= 0 && bound <= timeoutMs;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    <T> T call(String what, Callable<T> call) {
        if (!guarded || boundedByStore()) {
            try {
                return call.call();
            } catch (Exception e) {
                throw translate(what, e);
            }
        }
        Future<T> future;
        try {
            future = workers.submit(call);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the cache manager is closed; " + what + " was not sent", e);
        }
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CacheException(
                    "store call " + what + " did not answer within " + timeoutMs
                            + " ms (mayfly.operation-timeout-ms); is the proxy reachable?",
                    e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while waiting for store call " + what, e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private RuntimeException translate(String what, @Nullable Throwable e) {
        if (e instanceof CacheException ce) {
            return ce;
        }
        if (e instanceof StoreUnavailableException) {
            return new CacheException("store unavailable during " + what + ": " + e.getMessage(), e);
        }
        return new CacheException("store call " + what + " failed: " + e, e);
    }
}
