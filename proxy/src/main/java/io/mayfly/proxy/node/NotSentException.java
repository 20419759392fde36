package io.mayfly.proxy.node;

/**
 * A request was not sent because its node is returning (it asked with BYE and the proxy agreed);
 * the node keeps its memory, and invoking it again serves the request.
 */
public class NotSentException extends NodeUnavailableException {

    public NotSentException(String message) {
        super(message);
    }
}
