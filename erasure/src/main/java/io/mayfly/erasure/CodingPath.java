package io.mayfly.erasure;

import java.util.Locale;

/**
 * How a codec does its GF(2^8) arithmetic. {@link #VECTOR} needs the incubating Vector API, which
 * the JVM only resolves when started with {@code --add-modules jdk.incubator.vector}.
 */
public enum CodingPath {
    /** Nibble table lookups on {@code jdk.incubator.vector} byte vectors (SIMD shuffles). */
    VECTOR,
    /** A 256 x 256 product table, one lookup per byte and coefficient. */
    SCALAR;

    /** System property that forces a path ({@code scalar} or {@code vector}); default picks the fastest available. */
    public static final String PROPERTY = "mayfly.erasure.path";

    private static final String VECTOR_KERNEL = "io.mayfly.erasure.VectorKernel";

    /** Whether this JVM can run the path. */
    public boolean isAvailable() {
        return this == SCALAR || ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The vector path when this JVM has the Vector API module, else scalar; {@value #PROPERTY} overrides. */
    public static CodingPath fastest() {
        String forced = System.getProperty(PROPERTY, "").trim();
        if (!forced.isEmpty()) {
            CodingPath path;
            try {
                path = valueOf(forced.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                        + " is not a coding path; use scalar or vector", e);
            }
            return path;
        }
        return VECTOR.isAvailable() ? VECTOR : SCALAR;
    }

    CodingKernel kernel() {
        if (this == SCALAR) {
            return ScalarKernel.INSTANCE;
        }
        if (!isAvailable()) {
            throw new IllegalStateException("the vector coding path needs the Vector API module;"
                    + " start the JVM with --add-modules jdk.incubator.vector or use CodingPath.SCALAR");
        }
        // Loaded by name so that a JVM without the module never links the class.
        try {
            return (CodingKernel) Class.forName(VECTOR_KERNEL).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + VECTOR_KERNEL, e);
        }
    }
}
