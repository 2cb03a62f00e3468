package dev.vnlab.experiment;

import java.util.List;
import java.util.Locale;

/**
 * What the experiments share when they turn cell records into tables, figures and text (the
 * typed reads of a record are {@link ConfigFields}'): the mean and standard deviation over the
 * networks of a point, and numbers as the report text prints them.
 */
final class CellRecords {
    private CellRecords() {}

    /** The mean of the values (NaN if any is NaN, or there are none). */
    static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** The sample standard deviation (divisor n - 1); NaN for fewer than two values. */
    static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** The smallest value (NaN if there are none or any is NaN). */
    static double min(double[] v) {
        if (v.length == 0) return Double.NaN;
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) return Double.NaN;
            m = Math.min(m, x);
        }
        return m;
    }

    /** v where it can be drawn on a log axis (finite and positive), else NaN: a gap, not an error. */
    static double loggable(double v) {
        return v > 0 && v < Double.POSITIVE_INFINITY ? v : Double.NaN;
    }

    /** v where it can be drawn at all (finite), else NaN. */
    static double drawable(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** A number as the report text prints it: 3 significant digits, trailing zeros dropped. */
    static String text(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        String s = String.format(Locale.ROOT, "%.3g", v);
        String mantissa = s, exponent = "";
        int e = s.indexOf('e');
        if (e >= 0) {
            mantissa = s.substring(0, e);
            exponent = "e" + Integer.parseInt(s.substring(e + 1)); // e-05 -> e-5
        }
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + exponent;
    }

    /** A relative difference as a signed percentage: +12%, −3%. */
    static String signedPercent(double relative) {
        if (Double.isNaN(relative)) return "NaN";
        return (relative >= 0 ? "+" : "−") + String.format(Locale.ROOT, "%.0f%%", 100 * Math.abs(relative));
    }

    /** The values as "a, b, c" in {@link #text} form (ints as written). */
    static String list(int[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ", ").append(v[i]);
        return s.toString();
    }

    /** The parts one after another in one array. */
    static double[] concat(List<double[]> parts) {
        int total = 0;
        for (double[] p : parts) total += p.length;
        double[] out = new double[total];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
