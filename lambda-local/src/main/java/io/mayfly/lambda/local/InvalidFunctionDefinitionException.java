package io.mayfly.lambda.local;

/** A function definition that Lambda would refuse; the message names the value, the limit and the remedy. */
public final class InvalidFunctionDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidFunctionDefinitionException(String message) {
        super(message);
    }
}
