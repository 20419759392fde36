package io.mayfly.jcache;

import io.mayfly.client.StoreUnavailableException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;

/**
 * Runs store calls with a deadline, and turns every store failure into a {@link CacheException}
 * (the JCache boundary: callers see only CacheException). The call runs on a worker thread so that a store that
 * hangs (a dead proxy, a half-open socket) cannot hold the caller past the operation timeout.
 * With guarding off the call runs in the caller's thread and the store's own timeout applies.
 */
final class StoreCalls {

    private final ExecutorService workers;
    private final long timeoutMs;
    private final boolean guarded;

    StoreCalls(ExecutorService workers, long timeoutMs, boolean guarded) {
        this.workers = workers;
        this.timeoutMs = timeoutMs;
        this.guarded = guarded;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    <T> T call(String what, Callable<T> call) {
        if (!guarded) {
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

    private RuntimeException translate(String what, Throwable e) {
        if (e instanceof CacheException ce) {
            return ce;
        }
        if (e instanceof StoreUnavailableException) {
            return new CacheException("store unavailable during " + what + ": " + e.getMessage(), e);
        }
        return new CacheException("store call " + what + " failed: " + e, e);
    }
}
