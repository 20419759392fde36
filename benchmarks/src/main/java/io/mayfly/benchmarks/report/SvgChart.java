package io.mayfly.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Line and bar charts as inline SVG, drawn here so the report needs no script library and no
 * network. Every mark carries {@code class="series"} and the chart its expected mark count in
 * {@code data-series}, so a browser test can check that each one rendered.
 */
public final class SvgChart {
    public static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    /** One line: its name and its (x, y) points. */
    public record Series(String name, List<double[]> points) {}

    /**
     * Marks each chart of a page {@code data-rendered="true"} once every mark it declares has a
     * laid-out box, so a browser test can tell a drawn chart from an empty one.
     */
    public static final String RENDER_CHECK_SCRIPT = "<script>\n"
            + "// Marks each chart rendered when every mark it declares has a laid-out box.\n"
            + "document.querySelectorAll('svg.chart').forEach(function (svg) {\n"
            + "  var marks = svg.querySelectorAll('.series'), drawn = 0;\n"
            + "  marks.forEach(function (m) { var b = m.getBBox(); if (b.width > 0 || b.height > 0) drawn++; });\n"
            + "  svg.setAttribute('data-drawn', String(drawn));\n"
            + "  svg.setAttribute('data-rendered', String(drawn > 0 && drawn === Number(svg.dataset.series)));\n"
            + "});\n</script>\n";

    private SvgChart() {}

    /** A labelled point drawn over a line chart (a break-even rate), counted as one mark. */
    public record Marker(String name, double x, double y) {}

    /** A line chart; x on a log scale when {@code logX}, y linear from 0. */
    public static String lines(
            String id,
            String xLabel,
            String yLabel,
            boolean logX,
            List<Series> series,
            DoubleFunction<String> xFormat,
            DoubleFunction<String> yFormat) {
        return lines(id, xLabel, yLabel, logX, false, series, List.of(), xFormat, yFormat);
    }

    /** A line chart with markers; both axes may be log scales (y then spans whole decades). */
    public static String lines(
            String id,
            String xLabel,
            String yLabel,
            boolean logX,
            boolean logY,
            List<Series> series,
            List<Marker> markers,
            DoubleFunction<String> xFormat,
            DoubleFunction<String> yFormat) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        double yMinPositive = Double.POSITIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
                if (p[1] > 0) {
                    yMinPositive = Math.min(yMinPositive, p[1]);
                }
            }
        }
        if (logX) {
            xMin = Math.pow(10, Math.floor(Math.log10(Math.max(xMin, 1e-9))));
            xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(xMax, xMin * 10))));
        } else if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        if (yMax <= 0) {
            yMax = 1;
        }
        double[] yTicks;
        Scale y;
        if (logY) {
            double lo = Math.pow(10, Math.floor(Math.log10(Math.min(yMinPositive, yMax))));
            double hi = Math.pow(10, Math.ceil(Math.log10(yMax)));
            hi = Math.max(hi, lo * 10);
            int decades = (int) Math.round(Math.log10(hi / lo));
            yTicks = new double[decades + 1];
            for (int i = 0; i <= decades; i++) {
                yTicks[i] = lo * Math.pow(10, i);
            }
            y = new Scale(lo, hi, true, HEIGHT - BOTTOM, TOP);
        } else {
            yTicks = niceTicks(yMax);
            yMax = yTicks[yTicks.length - 1];
            y = new Scale(0, yMax, false, HEIGHT - BOTTOM, TOP);
        }
        Scale x = new Scale(xMin, xMax, logX, LEFT, WIDTH - RIGHT);

        StringBuilder svg = open(id, series.size() + markers.size());
        axes(svg, xLabel, yLabel);
        List<Double> xTicks = new ArrayList<>();
        if (logX) {
            for (double t = xMin; t <= xMax * 1.0001; t *= 10) {
                xTicks.add(t);
            }
        } else {
            for (double t : niceTicks(xMax)) {
                if (t >= xMin) {
                    xTicks.add(t);
                }
            }
        }
        for (double t : xTicks) {
            double px = x.at(t);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                    px,
                    TOP,
                    px,
                    HEIGHT - BOTTOM));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    px,
                    HEIGHT - BOTTOM + 16,
                    Html.escape(xFormat.apply(t))));
        }
        for (double t : yTicks) {
            double py = y.at(t);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT,
                    py,
                    WIDTH - RIGHT,
                    py));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6,
                    py + 4,
                    Html.escape(yFormat.apply(t))));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder d = new StringBuilder();
            for (double[] p : s.points()) {
                d.append(d.length() == 0 ? "M" : " L")
                        .append(String.format(Locale.ROOT, "%.1f %.1f", x.at(p[0]), y.at(p[1])));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<path class=\"series\" data-name=\"%s\" data-points=\"%d\""
                            + " fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"%s\"/>",
                    Html.escape(s.name()),
                    s.points().size(),
                    colour,
                    d));
            legend(svg, i, s.name(), colour);
        }
        for (Marker m : markers) {
            double px = x.at(m.x());
            double py = y.at(m.y());
            svg.append(String.format(
                    Locale.ROOT,
                    "<circle class=\"series marker\" data-name=\"%s\" data-x=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\""
                            + " fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>",
                    Html.escape(m.name()),
                    m.x(),
                    px,
                    py));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    px - 7,
                    py - 7,
                    Html.escape(m.name())));
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, one per (label, value), on a log scale so $5 and $500 both show. */
    public static String bars(
            String id,
            String xLabel,
            List<String> labels,
            List<Double> values,
            List<String> colours,
            DoubleFunction<String> format) {
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double min = values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v > 0)
                .min()
                .orElse(max / 10);
        double lo = Math.pow(10, Math.floor(Math.log10(min)) - 1);
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        int left = 290;
        Scale x = new Scale(lo, hi, true, left, WIDTH - 80);
        StringBuilder svg = open(id, labels.size());
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                (left + WIDTH - 80) / 2,
                HEIGHT - 12,
                Html.escape(xLabel)));
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
            double px = x.at(t);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                    px,
                    TOP,
                    px,
                    HEIGHT - BOTTOM));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    px,
                    HEIGHT - BOTTOM + 16,
                    Html.escape(format.apply(t))));
        }
        double band = (HEIGHT - BOTTOM - TOP) / (double) labels.size();
        for (int i = 0; i < labels.size(); i++) {
            double value = Math.max(values.get(i), lo);
            double top = TOP + i * band + band * 0.2;
            double width = Math.max(1, x.at(value) - left);
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    left - 6,
                    top + band * 0.35,
                    Html.escape(labels.get(i))));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"series\" data-name=\"%s\" data-value=\"%s\""
                            + " x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    Html.escape(labels.get(i)),
                    values.get(i),
                    left,
                    top,
                    width,
                    band * 0.6,
                    colours.get(i)));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\">%s</text>",
                    left + width + 4,
                    top + band * 0.35,
                    Html.escape(format.apply(values.get(i)))));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, int marks) {
        return new StringBuilder(String.format(
                Locale.ROOT,
                "<svg class=\"chart\" id=\"%s\" data-series=\"%d\""
                        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                Html.escape(id),
                marks,
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
    }

    private static void axes(StringBuilder svg, String xLabel, String yLabel) {
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT,
                HEIGHT - BOTTOM,
                WIDTH - RIGHT,
                HEIGHT - BOTTOM));
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT,
                TOP,
                LEFT,
                HEIGHT - BOTTOM));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                (LEFT + WIDTH - RIGHT) / 2,
                HEIGHT - 12,
                Html.escape(xLabel)));
        svg.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(16 %d) rotate(-90)\"" + " text-anchor=\"middle\">%s</text>",
                (TOP + HEIGHT - BOTTOM) / 2,
                Html.escape(yLabel)));
    }

    private static void legend(StringBuilder svg, int i, String name, String colour) {
        int lx = WIDTH - RIGHT + 14;
        int ly = TOP + 12 + i * 20;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"" + " stroke-width=\"3\"/>",
                lx,
                ly - 4,
                lx + 18,
                ly - 4,
                colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", lx + 24, ly, Html.escape(name)));
    }

    /** About five round ticks from 0 to at least max. */
    static double[] niceTicks(double max) {
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        int n = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    private record Scale(double min, double max, boolean log, double from, double to) {
        double at(double v) {
            double f = log
                    ? (Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (v - min) / (max - min);
            return from + f * (to - from);
        }
    }
}
