package dev.vnlab.spectrum;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Stochastic Lanczos quadrature of a symmetric n x n operator: the Gauss quadratures of its
 * spectral measure from many random unit start vectors, whose average estimates the normalised
 * spectral measure {@code (1/n) sum_i delta(lambda_i)} (for a start vector uniform on the sphere,
 * {@code E[v^T f(A) v] = tr f(A) / n}). Moments, extremes and smoothed densities follow from the
 * nodes and weights; the standard errors are those of a mean over the start vectors.
 *
 * @param size n
 * @param quadratures one per start vector, at least one
 */
public record SpectralQuadrature(int size, List<RitzQuadrature> quadratures) {
    /**
     * @throws IllegalArgumentException if there is no quadrature or n &lt; 1
     */
    public SpectralQuadrature {
        if (size < 1) throw new IllegalArgumentException("operator size " + size + "; expected at least 1");
        if (quadratures.isEmpty()) throw new IllegalArgumentException("no quadrature; expected at least one start vector");
        quadratures = List.copyOf(quadratures);
    }

    /**
     * {@code tr(A^p) / n}: the mean over start vectors of {@code v^T A^p v}, exact per vector for p
     * up to twice its Lanczos steps minus 1. For {@code A = J J^T}, p = 1 and 2 are m1 and m2.
     *
     * @throws IllegalArgumentException if p &lt; 0
     */
    public Estimate moment(int p) {
        if (p < 0) throw new IllegalArgumentException("moment order is " + p + "; expected at least 0");
        return mean(q -> q.moment(p));
    }

    /** The largest Ritz value of any start vector: a lower bound of the largest eigenvalue, the first to converge. */
    public double largest() {
        double m = Double.NEGATIVE_INFINITY;
        for (RitzQuadrature q : quadratures) m = Math.max(m, q.largest());
        return m;
    }

    /** The smallest Ritz value of any start vector: an upper bound of the smallest eigenvalue. */
    public double smallest() {
        double m = Double.POSITIVE_INFINITY;
        for (RitzQuadrature q : quadratures) m = Math.min(m, q.smallest());
        return m;
    }

    /**
     * The density of eigenvalues at each point of {@code x}: every node spread as a Gaussian of
     * standard deviation {@code bandwidth}, weighted, averaged over start vectors. Integrates to 1
     * over the real line.
     *
     * @throws IllegalArgumentException if bandwidth is not positive and finite
     */
    public DensityCurve density(double[] x, double bandwidth) {
        return smoothed(x, bandwidth, false);
    }

    /**
     * The density of {@code log10 lambda} at each point of {@code u}, for spectra spanning decades:
     * the nodes' logarithms spread as Gaussians of standard deviation {@code bandwidth} (decades).
     * Nodes at or below 0 have no logarithm and are left out, so the curve integrates to the
     * weight of the positive nodes.
     *
     * @throws IllegalArgumentException if bandwidth is not positive and finite
     */
    public DensityCurve log10Density(double[] u, double bandwidth) {
        return smoothed(u, bandwidth, true);
    }

    private DensityCurve smoothed(double[] x, double h, boolean log) {
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("bandwidth is " + h + "; expected a positive finite value");
        int k = quadratures.size();
        double norm = 1 / (h * Math.sqrt(2 * Math.PI));
        double[][] each = new double[k][x.length];
        for (int r = 0; r < k; r++) {
            double[] nodes = quadratures.get(r).nodes(), weights = quadratures.get(r).weights();
            for (int j = 0; j < nodes.length; j++) {
                if (log && !(nodes[j] > 0)) continue;
                double c = log ? Math.log10(nodes[j]) : nodes[j];
                for (int i = 0; i < x.length; i++) {
                    double z = (x[i] - c) / h;
                    each[r][i] += weights[j] * norm * Math.exp(-0.5 * z * z);
                }
            }
        }
        double[] mean = new double[x.length], se = new double[x.length], column = new double[k];
        for (int i = 0; i < x.length; i++) {
            for (int r = 0; r < k; r++) column[r] = each[r][i];
            Estimate e = meanOf(column);
            mean[i] = e.value();
            se[i] = e.standardError();
        }
        return new DensityCurve(x.clone(), mean, se);
    }

    private Estimate mean(ToDoubleFunction<RitzQuadrature> f) {
        double[] v = new double[quadratures.size()];
        for (int r = 0; r < v.length; r++) v[r] = f.applyAsDouble(quadratures.get(r));
        return meanOf(v);
    }

    /** The mean of the values and its standard error (two passes; NaN for a single value). */
    private static Estimate meanOf(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        double mean = s / v.length;
        if (v.length < 2) return new Estimate(mean, Double.NaN);
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return new Estimate(mean, Math.sqrt(ss / (v.length - 1) / v.length));
    }
}
