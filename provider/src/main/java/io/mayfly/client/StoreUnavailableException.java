package io.mayfly.client;

import org.jspecify.annotations.Nullable;

/** The proxy could not be reached, or did not answer within the operation timeout. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
