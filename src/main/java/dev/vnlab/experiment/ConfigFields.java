package dev.vnlab.experiment;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a configuration or a cell record in its JSON form (numbers as Long or
 * Double, lists as List, NaN as null), for rebuilding an experiment from a results file's
 * header and for reading records back. Errors name the field.
 */
final class ConfigFields {
    private ConfigFields() {}

    static Object require(Map<String, Object> m, String field) {
        if (!m.containsKey(field)) throw new IllegalArgumentException("configuration field '" + field + "' is missing; expected a results file of this vnlab version");
        return m.get(field);
    }

    static long integer(Map<String, Object> m, String field) {
        if (require(m, field) instanceof Long l) return l;
        throw wrong(m, field, "a whole number");
    }

    static int int32(Map<String, Object> m, String field) {
        long v = integer(m, field);
        if (v != (int) v) throw wrong(m, field, "a whole number within int range");
        return (int) v;
    }

    /** A number; null (how NaN is written) reads as NaN. */
    static double real(Map<String, Object> m, String field) {
        Object v = require(m, field);
        if (v == null) return Double.NaN;
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(m, field, "a number");
    }

    static String string(Map<String, Object> m, String field) {
        Object v = require(m, field);
        if (v == null || v instanceof String) return (String) v;
        throw wrong(m, field, "a string or null");
    }

    static int[] ints(Map<String, Object> m, String field) {
        if (!(require(m, field) instanceof List<?> l)) throw wrong(m, field, "a list of whole numbers");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v) || v != v.intValue()) throw wrong(m, field, "a list of whole numbers");
            out[i] = (int) (long) v;
        }
        return out;
    }

    /** A list of numbers; null entries (NaN) read as NaN. */
    static double[] reals(Map<String, Object> m, String field) {
        if (!(require(m, field) instanceof List<?> l)) throw wrong(m, field, "a list of numbers");
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
        return new IllegalArgumentException("field '" + field + "' is " + dev.vnlab.report.Json.write(m.get(field)) + "; expected " + expected);
    }
}
