package io.mayfly.client;

/** A write sent under a write lease arrived after the lease had ended; it changed nothing. */
public class WriteLeaseLostException extends StoreUnavailableException {

    public WriteLeaseLostException(String message) {
        super(message);
    }
}
