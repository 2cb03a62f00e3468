package dev.vnlab.experiment;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Statistics over the runs of one configuration, shared by the training experiments: quantiles
 * (the paper's quartiles of the VNI over 20 runs) and success rates. NaN values (a run that
 * diverged has no VNI after it) are left out, and the count of the rest is what a rate or a
 * quantile is over.
 */
final class RunStatistics {
    private RunStatistics() {}

    /**
     * Quartiles over runs at each of a series of points (epochs, depths): the paper's median
     * line and its band from the 25th to the 75th percentile.
     */
    record Band(double[] q25, double[] median, double[] q75) {
        /** The quartiles at points 0 to n - 1 of the runs' values there ({@code valuesAt(i)}, one value per run). */
        static Band of(int n, IntFunction<double[]> valuesAt) {
            double[] lo = new double[n], mid = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                double[] q = quartiles(valuesAt.apply(i));
                lo[i] = q[0];
                mid[i] = q[1];
                hi[i] = q[2];
            }
            return new Band(lo, mid, hi);
        }

        /** True if some point has a value (a run reached it). */
        boolean any() {
            return Arrays.stream(median).anyMatch(v -> !Double.isNaN(v));
        }
    }

    /**
     * The p-quantile of the finite-or-infinite (non-NaN) values, interpolated linearly between
     * order statistics (numpy's and R's default, "type 7"); NaN if there are none.
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    static double quantile(double[] values, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("quantile " + p + " is invalid; expected 0 to 1");
        double[] v = present(values);
        if (v.length == 0) return Double.NaN;
        Arrays.sort(v);
        double h = (v.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    }

    /** The 25th, 50th and 75th percentiles (the paper's bands and median line). */
    static double[] quartiles(double[] values) {
        return new double[] {quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75)};
    }

    /** The median of the non-NaN values; NaN if there are none. */
    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** How many values are not NaN. */
    static int count(double[] values) {
        return present(values).length;
    }

    /** The fraction of true flags; NaN for no runs. */
    static double rate(boolean[] flags) {
        if (flags.length == 0) return Double.NaN;
        return (double) successes(flags) / flags.length;
    }

    /** How many flags are true. */
    static int successes(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) if (f) n++;
        return n;
    }

    private static double[] present(double[] values) {
        return Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    }
}
