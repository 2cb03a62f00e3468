package dev.vnlab.experiment;

/**
 * Checks of configuration values shared by the experiments' settings records: each throws an
 * IllegalArgumentException naming the option that sets the value, the bad value and what is
 * expected.
 */
final class ConfigChecks {
    private ConfigChecks() {}

    /** The widest hidden layer: its N x N weight matrix must fit in one Java array. */
    static final int MAX_WIDTH = 46_340;

    /**
     * A hidden-layer width, checked.
     *
     * @throws IllegalArgumentException unless 1 &lt;= width &lt;= {@link #MAX_WIDTH}
     */
    static int width(String option, int width) {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException(option + ": width " + width + " is invalid; expected 1 to " + MAX_WIDTH
                    + " nodes per hidden layer (an N x N weight matrix is one Java array)");
        }
        return width;
    }

    /** A sorted copy of list of widths, checked as by {@link #ascendingDistinct} and {@link #width}. */
    static int[] widths(String option, int[] values) {
        int[] v = ascendingDistinct(option, "width", values);
        for (int w : v) width(option, w);
        return v;
    }

    /** @throws IllegalArgumentException if value is below least */
    static void atLeast(String option, int value, int least) {
        if (value < least) throw new IllegalArgumentException(option + " " + value + " is invalid; expected at least " + least);
    }

    /** @throws IllegalArgumentException unless value is finite and greater than 0 */
    static void positiveFinite(String option, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(option + " " + value + " is invalid; expected a finite value > 0");
        }
    }

    /** @throws IllegalArgumentException unless value is finite and at least 0 */
    static void nonNegativeFinite(String option, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(option + " " + value + " is invalid; expected a finite value >= 0");
        }
    }

    /**
     * A sorted copy of a list-valued setting (widths, depths), checked.
     *
     * @param option the option that gave it, for the message
     * @param what one value, e.g. "width"
     * @throws IllegalArgumentException if it is empty, or a value is below 1 or repeats
     */
    static int[] ascendingDistinct(String option, String what, int[] values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException(option + " is empty; expected at least one " + what);
        int[] v = values.clone();
        java.util.Arrays.sort(v);
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 1) throw new IllegalArgumentException(option + ": " + what + " " + v[i] + " is invalid; expected " + what + "s of at least 1");
            if (i > 0 && v[i] == v[i - 1]) throw new IllegalArgumentException(option + ": " + what + " " + v[i] + " repeats; expected distinct " + what + "s");
        }
        return v;
    }

    /**
     * A copy of a list of finite positive values, in the order given.
     *
     * @throws IllegalArgumentException if it is null or empty, or a value is not finite and &gt; 0, or repeats
     */
    static double[] distinctPositive(String option, double[] values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException(option + " is empty; expected at least one value");
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0 && v[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(option + " " + java.util.Arrays.toString(v) + " holds " + v[i] + "; expected finite values > 0");
            }
            for (int j = 0; j < i; j++) {
                if (v[j] == v[i]) throw new IllegalArgumentException(option + " " + java.util.Arrays.toString(v) + " holds " + v[i] + " twice; expected distinct values");
            }
        }
        return v;
    }
}
