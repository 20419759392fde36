package io.mayfly.node;

/** A shard does not fit the store's bound; the store is unchanged. Sent to the proxy as ERROR NO_ROOM. */
public final class NoRoomException extends Exception {

    public NoRoomException(String message) {
        super(message, null, false, false);
    }
}
