package dev.vnlab.metrics;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.decomp.SymmetricEigen;

/**
 * What one layer's weights say without data: the empirical scales the mean-field theory reads
 * (W_ij of variance sigma_w^2 / fan_in, b_i of variance sigma_b^2) and the stable rank of W, set
 * beside what a random Gaussian matrix of the same shape would have.
 *
 * @param sigmaW2 {@code fan_in * mean(W_ij^2)}: the second moment, as the theory's q-map uses
 *        it (a trained W's mean is part of its scale)
 * @param sigmaB2 {@code mean(b_i^2)}
 * @param stableRank {@code ||W||_F^2 / ||W||_2^2}, between 1 (rank one) and min(out, in)
 * @param randomStableRank what an i.i.d. Gaussian out x in matrix has for large sizes:
 *        {@code out in / (sqrt(out) + sqrt(in))^2}, its largest singular value at the
 *        Marchenko-Pastur edge
 */
public record WeightStatistics(double sigmaW2, double sigmaB2, double stableRank, double randomStableRank) {
    /**
     * The statistics of W (out x in) and b (out values), neither modified; a W with a non-finite
     * entry has a NaN stable rank. The largest singular
     * value comes from the eigenvalues of the smaller Gram matrix (about min(out, in)^3 work: 0.05 s
     * at 500 x 500), exact where power iteration would crawl across the small gap at a random
     * matrix's spectral edge.
     *
     * @throws IllegalArgumentException if b does not have one value per row of W
     */
    public static WeightStatistics of(FloatMatrix w, float[] b, Blas blas) {
        if (b.length != w.rows()) throw new IllegalArgumentException(b.length + " biases for a " + w.rows() + " x " + w.cols() + " weight; expected " + w.rows());
        double frobenius = 0;
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                double v = w.get(i, j);
                frobenius += v * v;
            }
        }
        double bias = 0;
        for (float v : b) bias += (double) v * v;
        if (!Double.isFinite(frobenius)) { // a diverged training run: no spectrum to read
            return new WeightStatistics(frobenius / w.rows(), bias / w.rows(), Double.NaN, randomStableRank(w.rows(), w.cols()));
        }
        double top = frobenius == 0 ? 0 : SymmetricEigen.singularValues(w.toDouble(), blas)[0];
        double out = w.rows(), in = w.cols();
        return new WeightStatistics(frobenius / out, bias / out, frobenius == 0 ? Double.NaN : frobenius / (top * top), randomStableRank(out, in));
    }

    private static double randomStableRank(double out, double in) {
        return out * in / Math.pow(Math.sqrt(out) + Math.sqrt(in), 2);
    }
}
