package io.mayfly.client;

import org.jspecify.annotations.Nullable;

/** The client and a proxy could not authenticate each other, or TLS could not be established. */
public class AuthenticationException extends StoreUnavailableException {

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
