package io.mayfly.jcache.copy;

/**
 * Turns keys and values into bytes and back. Mayfly stores by value only, so every key and value
 * passes through one. Equal keys must serialize to equal bytes: the bytes are the stored key.
 *
 * <p>Implementations need a public no-argument constructor (setting {@code mayfly.serializer}) and
 * must be thread-safe.
 */
public interface Serializer {

    /**
     * Serializes a key or value.
     *
     * @throws SerializationFailedException when the object cannot be serialized
     */
    byte[] serialize(Object object);

    /**
     * Reads back what {@link #serialize} wrote, resolving classes with {@code classLoader} (the
     * cache manager's).
     *
     * @throws SerializationFailedException when the bytes cannot be read
     */
    Object deserialize(byte[] bytes, ClassLoader classLoader);

    /**
     * The serializer one cache uses, given the key and value types its configuration names and the
     * manager's {@code mayfly.*} settings: where a serializer learns which classes that cache may
     * read back. The default uses this instance for every cache.
     */
    default Serializer forCache(Class<?> keyType, Class<?> valueType, java.util.Map<String, String> settings) {
        return this;
    }
}
