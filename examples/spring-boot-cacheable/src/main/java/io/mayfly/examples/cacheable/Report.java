package io.mayfly.examples.cacheable;

import java.io.Serializable;

/**
 * A rendered quarterly report: megabytes of content. Mayfly stores by value, so it is
 * Serializable and a cache hit returns a copy.
 */
public record Report(String quarter, byte[] content) implements Serializable {}
