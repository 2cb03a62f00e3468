package dev.vnlab.metrics;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;

/**
 * The cross-covariance {@code C_ab} (n_a x n_b, divisor M - 1) between the nodes of two layers
 * over the same M inputs, added batch by batch: what linear CKA needs beside each layer's own
 * covariance. As in {@link CovarianceAccumulator}, every column is shifted by its mean over the
 * first batch before the float products (so a large mean does not cancel the spread away), each
 * block of products is summed in float and widened into a double total.
 */
final class CrossCovariance {
    private final int na, nb;
    private final Blas blas;
    private final double[] cross, sumA, sumB;
    private float[] shiftA, shiftB;
    private FloatMatrix a0, b0, product;
    private long m;

    CrossCovariance(int na, int nb, Blas blas) {
        this.na = na;
        this.nb = nb;
        this.blas = blas;
        cross = new double[na * nb];
        sumA = new double[na];
        sumB = new double[nb];
    }

    /**
     * Adds the same inputs' rows of both layers: {@code a} (k x n_a) and {@code b} (k x n_b), not
     * modified.
     *
     * @throws IllegalArgumentException if the shapes do not match
     */
    void add(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != na || b.cols() != nb || a.rows() != b.rows()) {
            throw new IllegalArgumentException("batches are " + a.rows() + "x" + a.cols() + " and " + b.rows() + "x" + b.cols() + "; expected the same rows and "
                    + na + " and " + nb + " columns");
        }
        if (a.rows() == 0) return;
        if (shiftA == null) {
            shiftA = means(a, blas);
            shiftB = means(b, blas);
        }
        for (int r = 0; r < a.rows(); r += CovarianceAccumulator.BLOCK) {
            int k = Math.min(CovarianceAccumulator.BLOCK, a.rows() - r);
            FloatMatrix x = shifted(a.rowsView(r, k), shiftA, true), y = shifted(b.rowsView(r, k), shiftB, false);
            if (product == null) product = new FloatMatrix(na, nb);
            blas.gemm(Transpose.T, Transpose.N, 1f, x, y, 0f, product);
            float[] p = product.data();
            for (int i = 0; i < na; i++) blas.kernels().addWidened(nb, p, product.index(i, 0), cross, i * nb);
            accumulate(x, sumA);
            accumulate(y, sumB);
        }
        m += a.rows();
    }

    /** The inputs added so far. */
    long count() { return m; }

    /**
     * {@code ||C_ab||_F^2}, the sum of the squared cross-covariances.
     *
     * @throws IllegalStateException if fewer than 2 inputs were added
     */
    double frobeniusSquared() {
        if (m < 2) throw new IllegalStateException("a cross-covariance over " + m + " input(s) is undefined; expected at least 2");
        double s = 0, scale = 1.0 / (m - 1);
        for (int i = 0; i < na; i++) {
            double mi = sumA[i] / m;
            for (int j = 0; j < nb; j++) {
                double c = (cross[i * nb + j] - m * mi * (sumB[j] / m)) * scale;
                s += c * c;
            }
        }
        return s;
    }

    private FloatMatrix shifted(FloatMatrix src, float[] shift, boolean first) {
        int k = src.rows(), n = src.cols();
        FloatMatrix dst = first ? a0 : b0;
        if (dst == null || dst.rows() != k) {
            dst = new FloatMatrix(k, n);
            if (first) a0 = dst;
            else b0 = dst;
        }
        for (int r = 0; r < k; r++) {
            float[] s = src.data(), d = dst.data();
            int si = src.index(r, 0), di = dst.index(r, 0);
            for (int j = 0; j < n; j++) d[di + j] = s[si + j] - shift[j];
        }
        return dst;
    }

    private void accumulate(FloatMatrix x, double[] sums) {
        double[] s = blas.colSums(x);
        for (int j = 0; j < sums.length; j++) sums[j] += s[j];
    }

    private static float[] means(FloatMatrix x, Blas blas) {
        double[] s = blas.colSums(x);
        float[] mu = new float[s.length];
        for (int j = 0; j < mu.length; j++) mu[j] = (float) (s[j] / x.rows());
        return mu;
    }
}
