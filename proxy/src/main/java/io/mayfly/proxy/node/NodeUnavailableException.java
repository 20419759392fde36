package io.mayfly.proxy.node;

/** A node could not be brought to serve (invocation refused or failed, or no dial-back in time). */
public class NodeUnavailableException extends RuntimeException {

    public NodeUnavailableException(String message) {
        super(message);
    }

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
