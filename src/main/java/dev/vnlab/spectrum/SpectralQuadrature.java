package dev.vnlab.spectrum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Stochastic Lanczos quadrature of symmetric n x n operators, one per group of start vectors (one
 * operator, or the Gram matrix of a Jacobian at each of its inputs): estimates of each operator's
 * normalised spectral measure {@code (1/n) sum_i delta(lambda_i)}, averaged over the groups.
 *
 * <p>In a group, the r eigenpairs found to converge first (the largest) are deflated: they count
 * exactly, each with mass 1/n, and the group's random unit start vectors, drawn in the orthogonal
 * complement of their eigenvectors, estimate the rest. For such a vector,
 * {@code E[v^T f(A) v] = tr(P f(A) P) / (n - r)} (P the projector on the complement), so the
 * group's measure is {@code (1/n) [sum_deflated delta(theta) + (n - r) mean_v mu_v]}, with
 * {@code mu_v} the Gauss quadrature of v ({@link RitzQuadrature}). The few large eigenvalues that
 * dominate the higher moments of a Jacobian's spectrum then cost no variance. Standard errors are
 * those of the mean over each group's start vectors, combined over groups as for a mean of
 * independent estimates ({@code sqrt(sum se_g^2) / G}).
 *
 * @param size n
 * @param groups one per operator, at least one
 */
public record SpectralQuadrature(int size, List<Group> groups) {
    /**
     * One operator's part.
     *
     * @param deflated the eigenvalues counted exactly, descending (converged Ritz values)
     * @param probes the quadratures of the start vectors drawn orthogonal to their eigenvectors;
     *        empty when every eigenvalue is deflated
     */
    public record Group(double[] deflated, List<RitzQuadrature> probes) {
        /** @throws IllegalArgumentException if a deflated value is not finite */
        public Group {
            for (double d : deflated) if (!Double.isFinite(d)) throw new IllegalArgumentException("a deflated eigenvalue is " + d + "; expected finite values");
            deflated = deflated.clone();
            probes = List.copyOf(probes);
        }

        /** The deflated eigenvalues (a copy). */
        @Override public double[] deflated() { return deflated.clone(); }

        @Override public boolean equals(Object o) {
            return o instanceof Group g && Arrays.equals(deflated, g.deflated) && probes.equals(g.probes);
        }

        @Override public int hashCode() { return 31 * Arrays.hashCode(deflated) + probes.hashCode(); }

        @Override public String toString() { return "Group[deflated=" + Arrays.toString(deflated) + ", probes=" + probes + "]"; }
    }

    /**
     * @throws IllegalArgumentException if n &lt; 1, there is no group, a group deflates more than n
     *         eigenvalues, or a group has no probe while deflating fewer than n
     */
    public SpectralQuadrature {
        if (size < 1) throw new IllegalArgumentException("operator size " + size + "; expected at least 1");
        if (groups.isEmpty()) throw new IllegalArgumentException("no group of start vectors; expected at least one");
        for (int g = 0; g < groups.size(); g++) {
            int r = groups.get(g).deflated.length;
            if (r > size || (r < size && groups.get(g).probes.isEmpty())) {
                throw new IllegalArgumentException("group " + g + " deflates " + r + " of " + size + " eigenvalues with " + groups.get(g).probes.size()
                        + " start vectors; expected at most " + size + ", and start vectors for the rest");
            }
        }
        groups = List.copyOf(groups);
    }

    /** Every start vector's quadrature, group by group. */
    public List<RitzQuadrature> quadratures() {
        List<RitzQuadrature> all = new ArrayList<>();
        for (Group g : groups) all.addAll(g.probes);
        return all;
    }

    /**
     * {@code tr(A^p) / n}, averaged over the groups' operators: exact for the deflated part, and per
     * start vector for p up to twice its Lanczos steps minus 1. For {@code A = J J^T}, p = 1 and 2
     * are m1 and m2.
     *
     * @throws IllegalArgumentException if p &lt; 0
     */
    public Estimate moment(int p) {
        if (p < 0) throw new IllegalArgumentException("moment order is " + p + "; expected at least 0");
        double[] value = new double[groups.size()], se = new double[groups.size()];
        for (int g = 0; g < value.length; g++) {
            Group gr = groups.get(g);
            double exact = 0;
            for (double t : gr.deflated) exact += Math.pow(t, p);
            double rest = size - gr.deflated.length;
            Estimate e = gr.probes.isEmpty() ? Estimate.exact(0) : meanOf(gr.probes, q -> q.moment(p));
            value[g] = (exact + rest * e.value()) / size;
            se[g] = rest * e.standardError() / size;
        }
        return combined(value, se);
    }

    /** The largest eigenvalue found: the largest deflated or Ritz value, a lower bound of the largest eigenvalue. */
    public double largest() {
        double m = Double.NEGATIVE_INFINITY;
        for (Group g : groups) {
            for (double t : g.deflated) m = Math.max(m, t);
            for (RitzQuadrature q : g.probes) m = Math.max(m, q.largest());
        }
        return m;
    }

    /** The smallest Ritz (or deflated) value: an upper bound of the smallest eigenvalue. */
    public double smallest() {
        double m = Double.POSITIVE_INFINITY;
        for (Group g : groups) {
            for (double t : g.deflated) m = Math.min(m, t);
            for (RitzQuadrature q : g.probes) m = Math.min(m, q.smallest());
        }
        return m;
    }

    /**
     * The density of eigenvalues at each point of {@code x}: every node spread as a Gaussian of
     * standard deviation {@code bandwidth}, with its weight. Integrates to 1 over the real line.
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
        double norm = 1 / (h * Math.sqrt(2 * Math.PI));
        double[][] value = new double[x.length][groups.size()], se = new double[x.length][groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            Group gr = groups.get(g);
            double rest = size - gr.deflated.length;
            double[] exact = new double[x.length];
            for (double t : gr.deflated) addKernel(exact, x, t, 1, h, norm, log);
            double[][] each = new double[gr.probes.size()][x.length];
            for (int v = 0; v < each.length; v++) {
                RitzQuadrature q = gr.probes.get(v);
                double[] nodes = q.nodes(), weights = q.weights();
                for (int j = 0; j < nodes.length; j++) addKernel(each[v], x, nodes[j], weights[j], h, norm, log);
            }
            double[] column = new double[each.length];
            for (int i = 0; i < x.length; i++) {
                for (int v = 0; v < each.length; v++) column[v] = each[v][i];
                Estimate e = each.length == 0 ? Estimate.exact(0) : meanOf(column);
                value[i][g] = (exact[i] + rest * e.value()) / size;
                se[i][g] = rest * e.standardError() / size;
            }
        }
        double[] mean = new double[x.length], error = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Estimate e = combined(value[i], se[i]);
            mean[i] = e.value();
            error[i] = e.standardError();
        }
        return new DensityCurve(x.clone(), mean, error);
    }

    /** Adds {@code weight N(x; c, h^2)} at every grid point (c's log10 on a log grid; nothing for c &lt;= 0 there). */
    private static void addKernel(double[] out, double[] x, double c, double weight, double h, double norm, boolean log) {
        if (log && !(c > 0)) return;
        double centre = log ? Math.log10(c) : c;
        for (int i = 0; i < x.length; i++) {
            double z = (x[i] - centre) / h;
            out[i] += weight * norm * Math.exp(-0.5 * z * z);
        }
    }

    private static Estimate meanOf(List<RitzQuadrature> qs, ToDoubleFunction<RitzQuadrature> f) {
        double[] v = new double[qs.size()];
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(qs.get(i));
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

    /** The mean over groups and the standard error of a mean of independent estimates. */
    private static Estimate combined(double[] value, double[] se) {
        double s = 0, v = 0;
        for (int g = 0; g < value.length; g++) {
            s += value[g];
            v += se[g] * se[g];
        }
        return new Estimate(s / value.length, Math.sqrt(v) / value.length);
    }
}
