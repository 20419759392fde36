package io.mayfly.benchmarks.report;

import java.util.Locale;

/** Human-readable bytes, durations and money for tables and axes. */
final class Units {
    private Units() {}

    static String bytes(double b) {
        if (b < 0) {
            return "n/a";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.3g %s", b, units[u]);
    }

    static String micros(double us) {
        if (Double.isNaN(us)) {
            return "-";
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.3g us", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.3g ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.3g s", us / 1_000_000);
    }

    static String usd(double usd) {
        if (usd == 0) {
            return "$0";
        }
        return usd >= 1 ? String.format(Locale.ROOT, "$%,.2f", usd) : String.format(Locale.ROOT, "$%.3g", usd);
    }

    /** A price per hour, to the tenth of a cent as price lists give it. */
    static String hourly(double usd) {
        return String.format(Locale.ROOT, "$%.3f/hour", usd);
    }

    static String number(double v) {
        if (Double.isInfinite(v)) {
            return "unbounded";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Billed milliseconds per invocation; "-" when none were measured. */
    static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.1fx", v);
    }
}
