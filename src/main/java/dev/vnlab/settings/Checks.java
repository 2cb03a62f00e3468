package dev.vnlab.settings;

import java.util.Arrays;

/** The range checks settings share, each a {@link Check} whose message names the option. */
public final class Checks {
    private Checks() {}

    /** The widest hidden layer: its N x N weight matrix must fit in one Java array. */
    public static final int MAX_WIDTH = 46_340;

    /** A whole number of at least {@code least}. */
    public static Check<Integer> atLeast(int least) {
        return (option, v) -> {
            if (v < least) throw new IllegalArgumentException(option + " " + v + " is invalid; expected at least " + least);
            return v;
        };
    }

    /** A whole number from {@code least} to {@code most}. */
    public static Check<Integer> range(int least, int most) {
        return (option, v) -> {
            if (v < least || v > most) throw new IllegalArgumentException(option + " " + v + " is invalid; expected " + least + " to " + most);
            return v;
        };
    }

    /** A hidden-layer width: 1 to {@link #MAX_WIDTH}. */
    public static Check<Integer> width() {
        return (option, v) -> {
            width(option, v);
            return v;
        };
    }

    /** A finite value greater than 0. */
    public static Check<Double> positive() {
        return (option, v) -> {
            if (!(v > 0 && v < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException(option + " " + v + " is invalid; expected a finite value > 0");
            return v;
        };
    }

    /** A finite value of at least 0. */
    public static Check<Double> nonNegative() {
        return (option, v) -> {
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException(option + " " + v + " is invalid; expected a finite value >= 0");
            return v;
        };
    }

    /** A value in (0, 1]. */
    public static Check<Double> fraction() {
        return (option, v) -> {
            if (!(v > 0 && v <= 1)) throw new IllegalArgumentException(option + " " + v + " is invalid; expected a fraction in (0, 1]");
            return v;
        };
    }

    /**
     * A list of whole numbers of at least 1, sorted, none repeated.
     *
     * @param what one value, for the message, e.g. "depth"
     */
    public static Check<int[]> ascendingDistinct(String what) {
        return (option, values) -> {
            if (values == null || values.length == 0) throw new IllegalArgumentException(option + " is empty; expected at least one " + what);
            int[] v = values.clone();
            Arrays.sort(v);
            for (int i = 0; i < v.length; i++) {
                if (v[i] < 1) throw new IllegalArgumentException(option + ": " + what + " " + v[i] + " is invalid; expected " + what + "s of at least 1");
                if (i > 0 && v[i] == v[i - 1]) throw new IllegalArgumentException(option + ": " + what + " " + v[i] + " repeats; expected distinct " + what + "s");
            }
            return v;
        };
    }

    /** Hidden-layer widths: {@link #ascendingDistinct} and each 1 to {@link #MAX_WIDTH}. */
    public static Check<int[]> widths() {
        return ascendingDistinct("width").then((option, v) -> {
            for (int w : v) width(option, w);
            return v;
        });
    }

    /** Finite values greater than 0, strictly ascending as given (a copy). */
    public static Check<double[]> ascendingPositive() {
        return (option, values) -> {
            if (values == null || values.length == 0) throw new IllegalArgumentException(option + " is empty; expected at least one value");
            for (int i = 0; i < values.length; i++) {
                double r = values[i];
                if (!(r > 0 && r < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException(option + " " + Arrays.toString(values) + " holds " + r + "; expected finite values > 0");
                }
                if (i > 0 && !(r > values[i - 1])) {
                    throw new IllegalArgumentException(option + " " + Arrays.toString(values) + " is not strictly ascending; expected distinct values in increasing order");
                }
            }
            return values.clone();
        };
    }

    /** Finite values greater than 0, none repeated, in the order given (a copy). */
    public static Check<double[]> distinctPositive() {
        return (option, values) -> {
            if (values == null || values.length == 0) throw new IllegalArgumentException(option + " is empty; expected at least one value");
            double[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] > 0 && v[i] < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException(option + " " + Arrays.toString(v) + " holds " + v[i] + "; expected finite values > 0");
                }
                for (int j = 0; j < i; j++) {
                    if (v[j] == v[i]) throw new IllegalArgumentException(option + " " + Arrays.toString(v) + " holds " + v[i] + " twice; expected distinct values");
                }
            }
            return v;
        };
    }

    /** A non-empty list, none repeated. */
    public static <E> Check<java.util.List<E>> distinctNames() {
        return (option, values) -> {
            if (values == null || values.isEmpty()) throw new IllegalArgumentException(option + " is empty; expected at least one name");
            for (int i = 0; i < values.size(); i++) {
                if (values.indexOf(values.get(i)) != i) {
                    throw new IllegalArgumentException(option + " names " + Names.of((Enum<?>) values.get(i)) + " twice; expected distinct names");
                }
            }
            return java.util.List.copyOf(values);
        };
    }

    /**
     * A hidden-layer width, checked.
     *
     * @throws IllegalArgumentException unless 1 &lt;= width &lt;= {@link #MAX_WIDTH}
     */
    public static int width(String option, int width) {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException(option + ": width " + width + " is invalid; expected 1 to " + MAX_WIDTH
                    + " nodes per hidden layer (an N x N weight matrix is one Java array)");
        }
        return width;
    }
}
