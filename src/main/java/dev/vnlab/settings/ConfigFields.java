package dev.vnlab.settings;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a configuration or a cell record in its JSON form (numbers as Long or
 * Double, lists as List, NaN as null), for rebuilding an experiment from a results file's
 * header and for reading records back. Errors name the field.
 */
public final class ConfigFields {
    private ConfigFields() {}

    public static Object require(Map<String, Object> m, String field) {
        if (!m.containsKey(field)) throw new IllegalArgumentException("field '" + field + "' is missing; expected a configuration or cell record of this vnlab version");
        return m.get(field);
    }

    /** A whole number: a Long as JSON reads it back, or an Integer as a cell's run returns it. */
    public static long integer(Map<String, Object> m, String field) {
        Object v = require(m, field);
        if (v instanceof Long || v instanceof Integer) return ((Number) v).longValue();
        throw wrong(m, field, "a whole number");
    }

    public static int int32(Map<String, Object> m, String field) {
        long v = integer(m, field);
        if (v != (int) v) throw wrong(m, field, "a whole number within int range");
        return (int) v;
    }

    /** A number; null (how NaN is written) reads as NaN. */
    public static double real(Map<String, Object> m, String field) {
        Object v = require(m, field);
        if (v == null) return Double.NaN;
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(m, field, "a number");
    }

    /** A number a record may lack (written by an earlier version): NaN when missing or null. */
    public static double optionalReal(Map<String, Object> m, String field) {
        return m.containsKey(field) ? real(m, field) : Double.NaN;
    }

    public static String string(Map<String, Object> m, String field) {
        Object v = require(m, field);
        if (v == null || v instanceof String) return (String) v;
        throw wrong(m, field, "a string or null");
    }

    public static boolean flag(Map<String, Object> m, String field) {
        if (require(m, field) instanceof Boolean b) return b;
        throw wrong(m, field, "true or false");
    }

    /** A list of strings (names of enum constants, say). */
    public static List<String> strings(Map<String, Object> m, String field) {
        if (require(m, field) instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) return l.stream().map(String.class::cast).toList();
        throw wrong(m, field, "a list of strings");
    }

    /** A JSON object, its keys in file order. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> m, String field) {
        if (require(m, field) instanceof Map<?, ?> o && o.keySet().stream().allMatch(String.class::isInstance)) return (Map<String, Object>) o;
        throw wrong(m, field, "an object");
    }

    /** Rows of numbers (per epoch, the VNI of every layer): a double[][] or list of double[] as run returns it, lists of lists from JSON. */
    public static double[][] realRows(Map<String, Object> m, String field) {
        Object v = require(m, field);
        List<?> rows = v instanceof double[][] a ? java.util.Arrays.asList(a) : v instanceof List<?> l ? l : null;
        if (rows == null) throw wrong(m, field, "a list of lists of numbers");
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = reals(java.util.Collections.singletonMap(field, rows.get(i)), field);
        return out;
    }

    /** A list of whole numbers (or an int[] as an experiment's config() holds it, copied). */
    public static int[] ints(Map<String, Object> m, String field) {
        Object list = require(m, field);
        if (list instanceof int[] a) return a.clone();
        if (!(list instanceof List<?> l)) throw wrong(m, field, "a list of whole numbers");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v) || v != v.intValue()) throw wrong(m, field, "a list of whole numbers");
            out[i] = (int) (long) v;
        }
        return out;
    }

    /** A list of numbers a record may lack (written by an earlier version): empty when missing. */
    public static double[] optionalReals(Map<String, Object> m, String field) {
        return m.containsKey(field) ? reals(m, field) : new double[0];
    }

    /** A list of numbers (or a double[] or int[] as a config() or a cell's run holds it, copied); null entries (NaN) read as NaN. */
    public static double[] reals(Map<String, Object> m, String field) {
        Object list = require(m, field);
        if (list instanceof double[] a) return a.clone();
        if (list instanceof int[] a) return java.util.Arrays.stream(a).asDoubleStream().toArray();
        if (!(list instanceof List<?> l)) throw wrong(m, field, "a list of numbers");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = l.get(i);
            if (v == null) out[i] = Double.NaN;
            else if (v instanceof Number n) out[i] = n.doubleValue();
            else throw wrong(m, field, "a list of numbers");
        }
        return out;
    }

    private static IllegalArgumentException wrong(Map<String, Object> m, String field, String expected) {
        String shown = dev.vnlab.report.Json.write(m.get(field));
        if (shown.length() > 80) shown = shown.substring(0, 77) + "..."; // a record's lists can be long
        return new IllegalArgumentException("field '" + field + "' is " + shown + "; expected " + expected);
    }
}
