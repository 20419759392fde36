package io.mayfly.benchmarks.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Sizes on the command line: 1GiB, 256MiB, 10MB (decimal), 4096 (bytes). */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("size \"" + text + "\" is not a number of bytes with an"
                    + " optional unit (B, KB, MB, GB, TB decimal; KiB, MiB, GiB, TiB binary)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        boolean binary = unit.contains("i");
        int power = switch (unit.charAt(0)) {
            case 'k' -> 1;
            case 'm' -> 2;
            case 'g' -> 3;
            case 't' -> 4;
            default -> 0;
        };
        return Math.round(n * Math.pow(binary ? 1024 : 1000, power));
    }
}
