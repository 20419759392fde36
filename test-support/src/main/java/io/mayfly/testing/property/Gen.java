package io.mayfly.testing.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Seeded generators for one property trial. Bounded draws return a bound or a small edge value
 * now and then (as property-test engines do), since off-by-one bugs live there.
 */
public final class Gen {

    private static final int EDGE_PERCENT = 8;

    private final long seed;
    private final Random random;

    private Gen(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The generator of the trial with this seed (from a failing trial's display name). */
    public static Gen forSeed(long seed) {
        return new Gen(seed);
    }

    static long parseSeed(String text) {
        String t = text.trim();
        if (t.startsWith("seed=")) {
            t = t.substring("seed=".length());
        }
        return Long.parseLong(t);
    }

    public long seed() {
        return seed;
    }

    /** The trial's random source, for code that takes a {@link Random}. */
    public Random random() {
        return random;
    }

    private boolean edge() {
        return random.nextInt(100) < EDGE_PERCENT;
    }

    /** An int in [min, max], both ends included. */
    public int between(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("between(" + min + ", " + max + "): min above max");
        }
        if (edge()) {
            return random.nextBoolean() ? min : max;
        }
        return (int) (min + (long) (random.nextDouble() * ((long) max - min + 1)));
    }

    /** A long in [min, max], both ends included. */
    public long between(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("between(" + min + ", " + max + "): min above max");
        }
        if (edge()) {
            return random.nextBoolean() ? min : max;
        }
        if (max - min >= 0 && max - min < Long.MAX_VALUE) {
            return min + Math.floorMod(random.nextLong(), max - min + 1);
        }
        long v;
        do {
            v = random.nextLong();
        } while (v < min || v > max);
        return v;
    }

    /** Any int, with 0, ±1 and the extremes among the edges. */
    public int anyInt() {
        if (edge()) {
            return oneOf(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        }
        return random.nextInt();
    }

    /** Any long, with 0, ±1 and the extremes among the edges. */
    public long anyLong() {
        if (edge()) {
            return oneOf(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE);
        }
        return random.nextLong();
    }

    public long longAtLeast(long min) {
        return between(min, Long.MAX_VALUE);
    }

    public int intAtLeast(int min) {
        return between(min, Integer.MAX_VALUE);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** Random bytes, their count in [0, maxLength]. */
    public byte[] bytes(int maxLength) {
        return bytes(0, maxLength);
    }

    public byte[] bytes(int minLength, int maxLength) {
        byte[] b = new byte[between(minLength, maxLength)];
        random.nextBytes(b);
        return b;
    }

    /** A string of up to {@code maxLength} chars drawn from {@code alphabet}. */
    public String string(int maxLength, String alphabet) {
        int n = between(0, maxLength);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A string of up to {@code maxLength} arbitrary UTF-16 chars (lone surrogates included). */
    public String anyString(int maxLength) {
        int n = between(0, maxLength);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000));
        }
        return sb.toString();
    }

    @SafeVarargs
    public final <T> T oneOf(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    public <T> T oneOf(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Runs one of the generators, each equally likely. */
    @SafeVarargs
    public final <T> T oneOfGen(Supplier<? extends T>... generators) {
        return generators[random.nextInt(generators.length)].get();
    }

    public <E extends Enum<E>> E enumValue(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** A list of [min, max] elements, each from {@code element}. */
    public <T> List<T> list(int min, int max, Function<Gen, ? extends T> element) {
        int n = between(min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(this));
        }
        return out;
    }

    @Override
    public String toString() {
        return "seed=" + seed;
    }
}
