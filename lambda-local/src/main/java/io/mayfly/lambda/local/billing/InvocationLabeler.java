package io.mayfly.lambda.local.billing;

/**
 * Names what an invocation was for, from its payload, so a bill can be split by purpose
 * (warm-ups, backups, serving). Lambda itself bills every invocation alike; the label is the
 * embedder's reading of its own payloads, and lambda-local never interprets them itself.
 * Runs on the billing path: it must be quick and must not throw.
 */
@FunctionalInterface
public interface InvocationLabeler {
    /** Every invocation is labelled {@value #DEFAULT_LABEL}. */
    String DEFAULT_LABEL = "invoke";

    InvocationLabeler NONE = (function, payload) -> DEFAULT_LABEL;

    String label(String function, byte[] payload);
}
