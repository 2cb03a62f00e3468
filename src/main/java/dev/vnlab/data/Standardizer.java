package dev.vnlab.data;

import dev.vnlab.linalg.FloatMatrix;

/**
 * Per-feature standardisation {@code (x - mean) / sd}, fitted on one matrix (the training set)
 * and applied to any (the test set too, with the training statistics). Statistics are
 * accumulated in double; a feature with zero spread is only centred.
 *
 * @param mean per-feature means
 * @param sd per-feature population standard deviations
 */
public record Standardizer(double[] mean, double[] sd) {
    /** Means and standard deviations of the columns of {@code x} (n x d, n >= 1). */
    public static Standardizer fit(FloatMatrix x) {
        if (x.rows() == 0) throw new IllegalArgumentException("cannot fit a standardizer on 0 rows; expected at least 1");
        int n = x.rows(), d = x.cols();
        double[] mean = new double[d], m2 = new double[d];
        for (int i = 0; i < n; i++) { // Welford, row by row: one pass, stable
            for (int j = 0; j < d; j++) {
                double v = x.get(i, j), delta = v - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(m2[j] / n);
        return new Standardizer(mean, sd);
    }

    /**
     * Writes {@code (x - mean) / sd} into {@code out} (may be x).
     *
     * @throws IllegalArgumentException if the widths differ from the fitted one or the shapes differ
     */
    public FloatMatrix apply(FloatMatrix x, FloatMatrix out) {
        if (x.cols() != mean.length || out.rows() != x.rows() || out.cols() != x.cols()) {
            throw new IllegalArgumentException("standardizer fitted on " + mean.length + " features got " + x.rows() + "x" + x.cols()
                    + " into " + out.rows() + "x" + out.cols() + "; expected both " + x.rows() + "x" + mean.length);
        }
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < mean.length; j++) {
                double c = x.get(i, j) - mean[j];
                out.set(i, j, (float) (sd[j] > 0 ? c / sd[j] : c));
            }
        }
        return out;
    }
}
