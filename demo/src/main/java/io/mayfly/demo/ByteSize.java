package io.mayfly.demo;

import java.util.Locale;
import picocli.CommandLine;

/** A value size on the command line: {@code 1KiB}, {@code 10MiB}, {@code 100MiB}, {@code 512B}. */
record ByteSize(long bytes) {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB"};

    ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size of " + bytes + " bytes must not be negative");
        }
    }

    static ByteSize parse(String text) {
        String t = text.trim();
        int split = 0;
        while (split < t.length() && Character.isDigit(t.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("size '" + text + "' does not start with a number (e.g. 10MiB)");
        }
        long number = Long.parseLong(t.substring(0, split));
        String unit = t.substring(split).trim();
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equalsIgnoreCase(unit) || (i > 0 && unit.equalsIgnoreCase(UNITS[i].substring(0, 1)))) {
                return new ByteSize(Math.multiplyExact(number, 1L << (10 * i)));
            }
        }
        if (unit.isEmpty()) {
            return new ByteSize(number);
        }
        throw new IllegalArgumentException(
                "size '" + text + "' has unit '" + unit + "'; use B, KiB, MiB or GiB (binary units)");
    }

    @Override
    public String toString() {
        int unit = 0;
        while (unit < UNITS.length - 1
                && bytes >= (1L << (10 * (unit + 1)))
                && bytes % (1L << (10 * (unit + 1))) == 0) {
            unit++;
        }
        return String.format(Locale.ROOT, "%d %s", bytes >> (10 * unit), UNITS[unit]);
    }

    /** Picocli's hook for {@code --sizes}. */
    static final class Converter implements CommandLine.ITypeConverter<ByteSize> {
        @Override
        public ByteSize convert(String value) {
            return parse(value);
        }
    }
}
