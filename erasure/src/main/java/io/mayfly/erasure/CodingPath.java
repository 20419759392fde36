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
    SCALAR,
    /**
     * The scalar kernel until the vector kernel is compiled, then the vector kernel; both give the
     * same bytes, so the switch is invisible except in speed. Until C2 has compiled the Vector API
     * loops they run 100x slower than scalar (a fresh JVM took 1.37 s for its first 30 MB), so the
     * first call of any AUTO codec starts one daemon thread, {@code mayfly-erasure-warmup}, that
     * runs the vector kernel on scratch shards until it codes faster than the scalar kernel and
     * then ends (at most about a minute of work, usually well under a second). One warm-up serves
     * every AUTO codec of a class loader, since compiled code belongs to the class. Without the
     * Vector API module this is the scalar path and no thread is started.
     */
    AUTO;

    /** System property that forces a path ({@code scalar}, {@code vector} or {@code auto}); see {@link #fastest()}. */
    public static final String PROPERTY = "mayfly.erasure.path";

    private static final String VECTOR_KERNEL = "io.mayfly.erasure.VectorKernel";

    /** Whether this JVM can run the path (AUTO always can: without the Vector API it stays scalar). */
    public boolean isAvailable() {
        return this != VECTOR
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The default path: {@value #PROPERTY} when set, else AUTO when this JVM has the Vector API
     * module and SCALAR when it has not. A forced SCALAR or VECTOR never switches.
     */
    public static CodingPath fastest() {
        String forced = System.getProperty(PROPERTY, "").trim();
        if (!forced.isEmpty()) {
            CodingPath path;
            try {
                path = valueOf(forced.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + forced + " is not a coding path; use auto, scalar or vector", e);
            }
            return path;
        }
        return VECTOR.isAvailable() ? AUTO : SCALAR;
    }

    CodingKernel kernel() {
        switch (this) {
            case SCALAR:
                return ScalarKernel.INSTANCE;
            case VECTOR:
                return vectorKernel();
            default:
                return VECTOR.isAvailable() ? AutoKernel.shared() : ScalarKernel.INSTANCE;
        }
    }

    private static CodingKernel vectorKernel() {
        if (!VECTOR.isAvailable()) {
            throw new IllegalStateException("the vector coding path needs the Vector API module;"
                    + " start the JVM with --add-modules jdk.incubator.vector or use CodingPath.SCALAR");
        }
        // Loaded by name so that a JVM without the module never links the class.
        try {
            return (CodingKernel)
                    Class.forName(VECTOR_KERNEL).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + VECTOR_KERNEL, e);
        }
    }
}
