package io.mayfly.cli.deploy;

/** A deployment step failed; the message names the function, the AWS error code and the remedy. */
public final class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeployException(String message) {
        super(message);
    }
}
