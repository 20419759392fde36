package io.mayfly.jcache.copy;

import javax.cache.CacheException;

/** A key or value could not be turned into bytes, or read back. */
public class SerializationFailedException extends CacheException {

    private static final long serialVersionUID = 1L;

    public SerializationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public SerializationFailedException(String message) {
        super(message);
    }
}
