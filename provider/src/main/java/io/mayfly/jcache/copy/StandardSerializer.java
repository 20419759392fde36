package io.mayfly.jcache.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The default serializer: one tag byte, then a compact form for byte[], String and the boxed
 * primitives (no stream header, and equal keys give equal bytes), else JDK serialization. Classes
 * are resolved with the cache manager's class loader, so application classes that the provider's
 * own loader cannot see (web apps, the TCK's class-loader tests) still round-trip.
 *
 * <p>JDK deserialization admits only the classes {@link ValueClassFilter} allows: stored bytes
 * come from the network, and a class outside the list is refused before any of its code runs.
 */
public final class StandardSerializer implements Serializer {

    private static final byte JDK = 0;
    private static final byte BYTES = 1;
    private static final byte STRING = 2;
    private static final byte INTEGER = 3;
    private static final byte LONG = 4;
    private static final byte SHORT = 5;
    private static final byte BYTE = 6;
    private static final byte CHARACTER = 7;
    private static final byte BOOLEAN = 8;
    private static final byte FLOAT = 9;
    private static final byte DOUBLE = 10;

    private final ValueClassFilter filter;

    /** Admits java.base value types only, until {@link #forCache} names a cache's types. */
    public StandardSerializer() {
        this(ValueClassFilter.valueTypesOnly());
    }

    private StandardSerializer(ValueClassFilter filter) {
        this.filter = filter;
    }

    @Override
    public Serializer forCache(Class<?> keyType, Class<?> valueType, Map<String, String> settings) {
        return new StandardSerializer(ValueClassFilter.forCache(keyType, valueType, settings));
    }

    @Override
    public byte[] serialize(Object object) {
        if (object instanceof byte[] bytes) {
            return tagged(BYTES, bytes);
        } else if (object instanceof String s) {
            return tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
        } else if (object instanceof Integer i) {
            return ByteBuffer.allocate(5).put(INTEGER).putInt(i).array();
        } else if (object instanceof Long l) {
            return ByteBuffer.allocate(9).put(LONG).putLong(l).array();
        } else if (object instanceof Short s) {
            return ByteBuffer.allocate(3).put(SHORT).putShort(s).array();
        } else if (object instanceof Byte b) {
            return new byte[] {BYTE, b};
        } else if (object instanceof Character c) {
            return ByteBuffer.allocate(3).put(CHARACTER).putChar(c).array();
        } else if (object instanceof Boolean b) {
            return new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
        } else if (object instanceof Float f) {
            return ByteBuffer.allocate(5).put(FLOAT).putFloat(f).array();
        } else if (object instanceof Double d) {
            return ByteBuffer.allocate(9).put(DOUBLE).putDouble(d).array();
        } else if (object instanceof Serializable) {
            return jdkSerialize(object);
        }
        throw new SerializationFailedException(
                "cannot store " + object.getClass().getName()
                        + " by value: it is not Serializable (make it Serializable, or configure a serializer"
                        + " that handles it with mayfly.serializer)");
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader classLoader) {
        if (bytes.length == 0) {
            throw new SerializationFailedException("cannot deserialize an empty byte array");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        return switch (bytes[0]) {
            case BYTES -> Arrays.copyOfRange(bytes, 1, bytes.length);
            case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
            case INTEGER -> body.getInt();
            case LONG -> body.getLong();
            case SHORT -> body.getShort();
            case BYTE -> bytes[1];
            case CHARACTER -> body.getChar();
            case BOOLEAN -> bytes[1] != 0;
            case FLOAT -> body.getFloat();
            case DOUBLE -> body.getDouble();
            case JDK -> jdkDeserialize(bytes, classLoader, filter);
            default ->
                throw new SerializationFailedException("unknown serialization tag " + bytes[0]
                        + ": the value was written by another serializer (check mayfly.serializer)");
        };
    }

    private static byte[] tagged(byte tag, byte[] payload) {
        byte[] out = new byte[payload.length + 1];
        out[0] = tag;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    private static byte[] jdkSerialize(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(JDK);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new SerializationFailedException(
                    "cannot serialize " + object.getClass().getName() + ": " + e
                            + " (every field must be Serializable or transient)",
                    e);
        }
        return bytes.toByteArray();
    }

    private static Object jdkDeserialize(byte[] bytes, ClassLoader classLoader, ValueClassFilter filter) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
        ValueClassFilter.StreamFilter streamFilter = filter.forStream(bytes.length - 1L);
        try (ObjectInputStream objects = new LoaderAwareObjectInputStream(in, classLoader)) {
            objects.setObjectInputFilter(streamFilter);
            return objects.readObject();
        } catch (IOException | ClassNotFoundException e) {
            if (streamFilter.refused() != null) {
                throw new SerializationFailedException(
                        "refused to deserialize a stored value: " + streamFilter.refused(), e);
            }
            throw new SerializationFailedException(
                    "cannot deserialize a stored value: " + e
                            + " (is the class visible to the cache manager's class loader " + classLoader + "?)",
                    e);
        }
    }

    /** Resolves classes with the manager's loader first, then this library's. */
    private static final class LoaderAwareObjectInputStream extends ObjectInputStream {

        private final ClassLoader classLoader;

        LoaderAwareObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (classLoader != null) {
                try {
                    return Class.forName(desc.getName(), false, classLoader);
                } catch (ClassNotFoundException e) {
                    // fall through: primitives and JDK classes resolve below
                }
            }
            return super.resolveClass(desc);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            if (classLoader == null) {
                return super.resolveProxyClass(interfaces);
            }
            Class<?>[] types = new Class<?>[interfaces.length];
            for (int i = 0; i < interfaces.length; i++) {
                types[i] = Class.forName(interfaces[i], false, classLoader);
            }
            @SuppressWarnings("deprecation")
            Class<?> proxy = Proxy.getProxyClass(classLoader, types);
            return proxy;
        }
    }
}
