package dev.vnlab.experiment;

import dev.vnlab.report.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * What the experiments share when they turn cell records into tables, figures and text: typed
 * reads of a record as {@code run} returns it or as it reads back from JSON (numbers as Long or
 * Double, lists as List, NaN as null), the mean and standard deviation over the networks of a
 * point, and numbers as the report text prints them.
 */
final class CellRecords {
    private CellRecords() {}

    /**
     * Field {@code field} of a record as a double: any Number; null (how JSON writes NaN) is NaN.
     *
     * @throws IllegalArgumentException if the field is missing or not a number
     */
    static double number(Map<String, Object> record, String field) {
        Object v = require(record, field);
        if (v == null) return Double.NaN;
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(record, field, "a number");
    }

    /**
     * A whole-number field (an Integer as run returns it, a Long as JSON reads it back).
     *
     * @throws IllegalArgumentException if the field is missing, not a whole number or outside int range
     */
    static int integer(Map<String, Object> record, String field) {
        Object v = require(record, field);
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() == ((Number) v).intValue()) return ((Number) v).intValue();
        throw wrong(record, field, "a whole number within int range");
    }

    /**
     * A list-of-numbers field (a double[] or int[] as run returns it, a List as JSON reads it back);
     * null entries are NaN.
     *
     * @throws IllegalArgumentException if the field is missing or not such a list
     */
    static double[] numbers(Map<String, Object> record, String field) {
        Object v = require(record, field);
        if (v instanceof double[] d) return d.clone();
        if (v instanceof int[] a) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) out[i] = a[i];
            return out;
        }
        if (!(v instanceof List<?> list)) throw wrong(record, field, "a list of numbers");
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object e = list.get(i);
            if (e == null) out[i] = Double.NaN;
            else if (e instanceof Number n) out[i] = n.doubleValue();
            else throw wrong(record, field, "a list of numbers");
        }
        return out;
    }

    /**
     * A list-of-lists field as rows (a double[][] as run returns it, a List of Lists from JSON).
     *
     * @throws IllegalArgumentException if the field is missing or not such a matrix
     */
    static double[][] matrix(Map<String, Object> record, String field) {
        Object v = require(record, field);
        if (v instanceof double[][] d) {
            double[][] out = new double[d.length][];
            for (int i = 0; i < d.length; i++) out[i] = d[i].clone();
            return out;
        }
        if (!(v instanceof List<?> rows)) throw wrong(record, field, "a list of rows of numbers");
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers(Map.of(field, rows.get(i) == null ? List.of() : rows.get(i)), field);
        }
        return out;
    }

    private static Object require(Map<String, Object> record, String field) {
        if (!record.containsKey(field)) throw new IllegalArgumentException("cell record has no field '" + field + "'; expected a record of this experiment");
        return record.get(field);
    }

    private static IllegalArgumentException wrong(Map<String, Object> record, String field, String expected) {
        String shown = Json.write(record.get(field));
        if (shown.length() > 80) shown = shown.substring(0, 77) + "...";
        return new IllegalArgumentException("cell record field '" + field + "' is " + shown + "; expected " + expected);
    }

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

    /**
     * A theory value for a table or a curve, or NaN where the theory rules the configuration out
     * (no fixed point, q_l overflowing: an IllegalArgumentException or ArithmeticException).
     */
    static double predicted(DoubleSupplier theory) {
        try {
            return theory.getAsDouble();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Double.NaN;
        }
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
}
