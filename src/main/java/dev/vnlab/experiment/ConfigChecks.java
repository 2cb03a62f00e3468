package dev.vnlab.experiment;

/**
 * Checks of configuration values shared by the experiments' config records: each throws an
 * IllegalArgumentException naming the field, the bad value and what is expected.
 */
final class ConfigChecks {
    private ConfigChecks() {}

    /** @throws IllegalArgumentException if value is below least */
    static void atLeast(String field, int value, int least) {
        if (value < least) throw new IllegalArgumentException(field + " " + value + " is invalid; expected at least " + least);
    }

    /** @throws IllegalArgumentException unless value is finite and greater than 0 */
    static void positiveFinite(String field, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(field + " " + value + " is invalid; expected a finite value > 0");
        }
    }

    /** @throws IllegalArgumentException unless value is finite and at least 0 */
    static void nonNegativeFinite(String field, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(field + " " + value + " is invalid; expected a finite value >= 0");
        }
    }

    /**
     * A copy of a list of sizes (depths, widths), in the order given.
     *
     * @throws IllegalArgumentException if it is null or empty, or a value is below least or repeats
     */
    static int[] distinct(String field, int[] values, int least) {
        if (values == null || values.length == 0) throw new IllegalArgumentException(field + " is empty; expected at least one value");
        int[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < least) {
                throw new IllegalArgumentException(field + " " + java.util.Arrays.toString(v) + " holds " + v[i] + "; expected values of at least " + least);
            }
            for (int j = 0; j < i; j++) {
                if (v[j] == v[i]) throw new IllegalArgumentException(field + " " + java.util.Arrays.toString(v) + " holds " + v[i] + " twice; expected distinct values");
            }
        }
        return v;
    }

    /**
     * A copy of a list of finite positive values, in the order given.
     *
     * @throws IllegalArgumentException if it is null or empty, or a value is not finite and &gt; 0, or repeats
     */
    static double[] distinctPositive(String field, double[] values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException(field + " is empty; expected at least one value");
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0 && v[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(field + " " + java.util.Arrays.toString(v) + " holds " + v[i] + "; expected finite values > 0");
            }
            for (int j = 0; j < i; j++) {
                if (v[j] == v[i]) throw new IllegalArgumentException(field + " " + java.util.Arrays.toString(v) + " holds " + v[i] + " twice; expected distinct values");
            }
        }
        return v;
    }
}
