package io.mayfly.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test store whose proxy can be taken down and brought back. While down it either hangs (a dead
 * proxy behind a half-open connection: calls block until interrupted) or refuses (calls throw
 * {@link StoreUnavailableException} at once). Tests name a switch with {@code mayfly.store.test-switch}.
 */
public final class UnreachableObjectStoreFactory implements ObjectStoreFactory {

    /** How the proxy behaves. */
    public enum State {
        UP,
        HANGING,
        REFUSING
    }

    private static final Map<String, AtomicReference<State>> SWITCHES = new ConcurrentHashMap<>();

    public static AtomicReference<State> switchNamed(String name) {
        return SWITCHES.computeIfAbsent(name, n -> new AtomicReference<>(State.UP));
    }

    @Override
    public ObjectStore open(Map<String, String> settings) {
        AtomicReference<State> state = switchNamed(settings.get("mayfly.store.test-switch"));
        return new Store(new InMemoryObjectStore(), state);
    }

    private static void await(AtomicReference<State> state) {
        switch (state.get()) {
            case UP -> {}
            case REFUSING -> throw new StoreUnavailableException("proxy 127.0.0.1:1 refused the connection");
            case HANGING -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while waiting for the proxy", e);
                }
            }
        }
    }

    private record Store(InMemoryObjectStore delegate, AtomicReference<State> state) implements ObjectStore {

        @Override
        public KeySpace keySpace(String name, CodingSettings settings) {
            await(state);
            return new Space(delegate.keySpace(name, settings), state);
        }

        @Override
        public void dropKeySpace(String name) {
            await(state);
            delegate.dropKeySpace(name);
        }

        @Override
        public void close() {
            await(state);
            delegate.close();
        }
    }

    private record Space(KeySpace delegate, AtomicReference<State> state) implements KeySpace {

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public StoredValue get(byte[] key) {
            await(state);
            return delegate.get(key);
        }

        @Override
        public StoredValue head(byte[] key) {
            await(state);
            return delegate.head(key);
        }

        @Override
        public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
            await(state);
            return delegate.put(key, value, expectedVersion, expiresAtMillis, leaseId);
        }

        @Override
        public boolean remove(byte[] key, long expectedVersion, long leaseId) {
            await(state);
            return delegate.remove(key, expectedVersion, leaseId);
        }

        @Override
        public long acquireLease(byte[] key, long leaseMs, long waitMs) {
            await(state);
            return delegate.acquireLease(key, leaseMs, waitMs);
        }

        @Override
        public void releaseLease(byte[] key, long leaseId) {
            await(state);
            delegate.releaseLease(key, leaseId);
        }

        @Override
        public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
            await(state);
            return delegate.touch(key, expectedVersion, expiresAtMillis);
        }

        @Override
        public List<byte[]> keys() {
            await(state);
            return delegate.keys();
        }

        @Override
        public void clear() {
            await(state);
            delegate.clear();
        }
    }
}
