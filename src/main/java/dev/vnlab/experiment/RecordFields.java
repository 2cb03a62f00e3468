package dev.vnlab.experiment;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a cell's record, whether as {@code run} returned it (primitive arrays, boxed
 * numbers, lists of arrays) or as parsed back from a results file by {@code report.Json}
 * (integers as Long, lists as List, NaN and the infinities as null, which read back as NaN).
 * A missing or mistyped field is an IllegalArgumentException naming it.
 */
final class RecordFields {
    private RecordFields() {}

    static double real(Map<String, Object> r, String key) {
        return real(field(r, key), key);
    }

    static int integer(Map<String, Object> r, String key) {
        Object v = field(r, key);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return Math.toIntExact(((Number) v).longValue());
        throw mistyped(key, v, "an integer");
    }

    static boolean flag(Map<String, Object> r, String key) {
        if (field(r, key) instanceof Boolean b) return b;
        throw mistyped(key, r.get(key), "true or false");
    }

    /** A string field; null stays null. */
    static String text(Map<String, Object> r, String key) {
        Object v = field(r, key);
        if (v == null || v instanceof String) return (String) v;
        throw mistyped(key, v, "a string");
    }

    static double[] reals(Map<String, Object> r, String key) {
        return reals(field(r, key), key);
    }

    /** A list of real arrays (a table of rows, e.g. per epoch the VNI of every layer). */
    static double[][] realRows(Map<String, Object> r, String key) {
        Object v = field(r, key);
        if (v instanceof double[][] a) return a;
        if (v instanceof List<?> list) {
            double[][] out = new double[list.size()][];
            for (int i = 0; i < out.length; i++) out[i] = reals(list.get(i), key + "[" + i + "]");
            return out;
        }
        throw mistyped(key, v, "a list of lists of numbers");
    }

    private static Object field(Map<String, Object> r, String key) {
        if (!r.containsKey(key)) throw new IllegalArgumentException("cell record has no field '" + key + "'; expected one (a record of another experiment or version?)");
        return r.get(key);
    }

    private static double real(Object v, String key) {
        if (v == null) return Double.NaN; // JSON has no NaN: written as null
        if (v instanceof Number n) return n.doubleValue();
        throw mistyped(key, v, "a number");
    }

    private static double[] reals(Object v, String key) {
        if (v instanceof double[] a) return a.clone();
        if (v instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = real(list.get(i), key + "[" + i + "]");
            return out;
        }
        throw mistyped(key, v, "a list of numbers");
    }

    private static IllegalArgumentException mistyped(String key, Object v, String expected) {
        return new IllegalArgumentException("cell record field '" + key + "' is " + (v == null ? "null" : v.getClass().getSimpleName() + " " + v) + "; expected " + expected);
    }
}
