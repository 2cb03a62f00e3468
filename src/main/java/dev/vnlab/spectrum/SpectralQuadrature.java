package dev.vnlab.spectrum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stochastic Lanczos quadrature of symmetric n x n operators, one per group of start vectors (one
 * operator, or the Gram matrix of a Jacobian at each of its inputs): estimates of each operator's
 * normalised spectral measure {@code (1/n) sum_i delta(lambda_i)}, averaged over the groups.
 *
 * <p>In a group, the r eigenpairs found to converge first (the largest, from a start vector of
 * their own) are deflated: they count exactly, each with mass 1/n, and the random unit start
 * vectors estimate the rest. For a start vector v, uniform on the sphere, and eigenpairs
 * (theta_k, y_k) found independently of it, the projection {@code u = P v / |P v|} of v off the
 * y_k is uniform on the sphere of their complement, and its measure is v's less the deflated
 * pairs' part, renormalised: {@code u^T f(A) u = (v^T f(A) v - sum_k f(theta_k) (y_k . v)^2) /
 * (1 - sum_k (y_k . v)^2)}, with mean {@code tr(P f(A) P) / (n - r)}. So the group's measure is
 * {@code (1/n) [sum_k delta(theta_k) + (n - r) mean_v mu_u]}, of mass 1, and v's own Lanczos run
 * serves: no second run from u is needed. The few large eigenvalues that dominate the higher
 * moments of a Jacobian's spectrum then cost no variance. Standard errors are those of the mean
 * over each group's start vectors, combined over groups as for a mean of independent estimates
 * ({@code sqrt(sum se_g^2) / G}).
 *
 * @param size n
 * @param groups one per operator, at least one
 */
public record SpectralQuadrature(int size, List<Group> groups) {
    /**
     * One operator's part.
     *
     * @param deflated the eigenvalues counted exactly, descending (converged Ritz values)
     * @param probes the quadratures of the random start vectors; empty when every eigenvalue is deflated
     * @param overlaps for each start vector, {@code (y_k . v)^2} for each deflated eigenvector y_k
     */
    public record Group(double[] deflated, List<RitzQuadrature> probes, double[][] overlaps) {
        /**
         * @throws IllegalArgumentException if a value is not finite, the overlaps are not probes x
         *         deflated, or a start vector's overlaps are negative or sum to 1 or more (it would
         *         have no part outside the deflated eigenvectors)
         */
        public Group {
            for (double d : deflated) if (!Double.isFinite(d)) throw new IllegalArgumentException("a deflated eigenvalue is " + d + "; expected finite values");
            if (overlaps.length != probes.size()) {
                throw new IllegalArgumentException("overlaps for " + overlaps.length + " start vectors; expected one row per start vector, " + probes.size());
            }
            double[][] copy = new double[overlaps.length][];
            for (int v = 0; v < overlaps.length; v++) {
                if (overlaps[v].length != deflated.length) {
                    throw new IllegalArgumentException("start vector " + v + " has " + overlaps[v].length + " overlaps; expected one per deflated eigenvalue, " + deflated.length);
                }
                double sum = 0;
                for (double o : overlaps[v]) {
                    if (!(o >= 0) || !Double.isFinite(o)) throw new IllegalArgumentException("start vector " + v + " has an overlap of " + o + "; expected finite values >= 0");
                    sum += o;
                }
                if (!(sum < 1)) throw new IllegalArgumentException("start vector " + v + "'s overlaps sum to " + sum + "; expected less than 1");
                copy[v] = overlaps[v].clone();
            }
            deflated = deflated.clone();
            probes = List.copyOf(probes);
            overlaps = copy;
        }

        /** The deflated eigenvalues (a copy). */
        @Override public double[] deflated() { return deflated.clone(); }

        /** The overlaps (a copy). */
        @Override public double[][] overlaps() {
            double[][] copy = new double[overlaps.length][];
            for (int v = 0; v < copy.length; v++) copy[v] = overlaps[v].clone();
            return copy;
        }

        /** {@code u^T A^p u} for start vector v projected off the deflated eigenvectors. */
        double projectedMoment(int v, int p) {
            double s = probes.get(v).moment(p);
            for (int k = 0; k < deflated.length; k++) s -= Math.pow(deflated[k], p) * overlaps[v][k];
            return s / remaining(v);
        }

        /** {@code 1 - sum_k (y_k . v)^2}: the squared norm of v's projection. */
        double remaining(int v) {
            double s = 1;
            for (double o : overlaps[v]) s -= o;
            return s;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Group g && Arrays.equals(deflated, g.deflated) && probes.equals(g.probes) && Arrays.deepEquals(overlaps, g.overlaps);
        }

        @Override public int hashCode() { return 31 * (31 * Arrays.hashCode(deflated) + probes.hashCode()) + Arrays.deepHashCode(overlaps); }

        @Override public String toString() { return "Group[deflated=" + Arrays.toString(deflated) + ", probes=" + probes + "]"; }
    }

    /**
     * @throws IllegalArgumentException if n &lt; 1, there is no group, a group deflates more than n
     *         eigenvalues, has no probe while deflating fewer than n, or has probes while deflating n
     */
    public SpectralQuadrature {
        if (size < 1) throw new IllegalArgumentException("operator size " + size + "; expected at least 1");
        if (groups.isEmpty()) throw new IllegalArgumentException("no group of start vectors; expected at least one");
        for (int g = 0; g < groups.size(); g++) {
            int r = groups.get(g).deflated.length;
            if (r > size || (r < size) == groups.get(g).probes.isEmpty()) {
                throw new IllegalArgumentException("group " + g + " deflates " + r + " of " + size + " eigenvalues with " + groups.get(g).probes.size()
                        + " start vectors; expected at most " + size + ", start vectors for the rest, and none when every eigenvalue is deflated");
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
            double[] t = traces(g, p);
            if (t.length == 0) { // every eigenvalue deflated: exact
                for (double d : groups.get(g).deflated) value[g] += Math.pow(d, p);
                value[g] /= size;
                continue;
            }
            Estimate e = Estimate.meanOf(t);
            value[g] = e.value() / size;
            se[g] = e.standardError() / size;
        }
        return combined(value, se);
    }

    /**
     * Group g's estimates of {@code tr(A^p)}, one per start vector: the deflated eigenvalues'
     * part exactly plus {@code (n - r)} times that vector's projected moment. Their mean is the
     * group's part of {@link #moment}, times n; paired over p (same vector, same index) they give
     * the covariances a ratio of moments needs.
     *
     * @throws IllegalArgumentException if g is not a group or p &lt; 0
     */
    public double[] traces(int g, int p) {
        if (g < 0 || g >= groups.size()) throw new IllegalArgumentException("group " + g + " does not exist; expected 0 to " + (groups.size() - 1));
        if (p < 0) throw new IllegalArgumentException("moment order is " + p + "; expected at least 0");
        Group gr = groups.get(g);
        double exact = 0;
        for (double t : gr.deflated) exact += Math.pow(t, p);
        double rest = size - gr.deflated.length;
        double[] out = new double[gr.probes.size()];
        for (int v = 0; v < out.length; v++) out[v] = exact + rest * gr.projectedMoment(v, p);
        return out;
    }

    /**
     * The estimated spectral measure, averaged over groups and start vectors, as point masses:
     * {@code nodes[i]} with mass {@code masses[i]}, in no particular order. The masses sum to 1;
     * those of a deflated eigenvalue's correction (the start vectors' overlap with it, taken
     * back) are negative and sit on the same node as its positive exact mass. Any smoothing of
     * this measure is {@link #density}'s; binning it is a histogram of the estimate.
     */
    public Measure measure() {
        int count = 0;
        for (Group gr : groups) {
            count += gr.deflated.length;
            for (RitzQuadrature q : gr.probes) count += q.nodes().length + gr.deflated.length;
        }
        double[] nodes = new double[count], masses = new double[count];
        int at = 0;
        double share = 1.0 / groups.size();
        for (Group gr : groups) {
            for (double t : gr.deflated) {
                nodes[at] = t;
                masses[at++] = share / size;
            }
            double rest = size - gr.deflated.length;
            for (int v = 0; v < gr.probes.size(); v++) {
                double[] qn = gr.probes.get(v).nodes(), qw = gr.probes.get(v).weights();
                double scale = share * rest / (size * gr.probes.size() * gr.remaining(v));
                for (int j = 0; j < qn.length; j++) {
                    nodes[at] = qn[j];
                    masses[at++] = qw[j] * scale;
                }
                for (int k = 0; k < gr.deflated.length; k++) { // the vector's overlap with a deflated pair, taken back
                    nodes[at] = gr.deflated[k];
                    masses[at++] = -gr.overlaps[v][k] * scale;
                }
            }
        }
        return new Measure(nodes, masses);
    }

    /**
     * A signed discrete measure: point masses at the nodes.
     *
     * @param nodes where the masses sit
     * @param masses one per node (some may be negative)
     */
    public record Measure(double[] nodes, double[] masses) {
        /** @throws IllegalArgumentException if the arrays differ in length */
        public Measure {
            if (nodes.length != masses.length) throw new IllegalArgumentException(nodes.length + " nodes and " + masses.length + " masses; expected one mass per node");
            nodes = nodes.clone();
            masses = masses.clone();
        }

        /** The nodes (a copy). */
        @Override public double[] nodes() { return nodes.clone(); }

        /** The masses (a copy). */
        @Override public double[] masses() { return masses.clone(); }

        /**
         * The density of {@code log10 lambda} at each point of {@code u}: the logarithm of each
         * node above {@code floor} (at least 0) spread as a Gaussian of standard deviation
         * {@code bandwidth} decades, with its mass; the nodes at or below the floor are left
         * out ({@link #massAtOrBelow}).
         *
         * @throws IllegalArgumentException if bandwidth is not positive and finite
         */
        public double[] log10Density(double[] u, double bandwidth, double floor) {
            if (!(bandwidth > 0) || !Double.isFinite(bandwidth)) throw new IllegalArgumentException("bandwidth is " + bandwidth + "; expected a positive finite value");
            double[] out = new double[u.length];
            double norm = 1 / (bandwidth * Math.sqrt(2 * Math.PI));
            for (int i = 0; i < nodes.length; i++) if (nodes[i] > floor) addKernel(out, u, nodes[i], masses[i], bandwidth, norm, true);
            return out;
        }

        /** The total mass of the nodes at or below {@code x}. */
        public double massAtOrBelow(double x) {
            double s = 0;
            for (int i = 0; i < nodes.length; i++) if (nodes[i] <= x) s += masses[i];
            return s;
        }

        @Override public boolean equals(Object o) { return o instanceof Measure m && Arrays.equals(nodes, m.nodes) && Arrays.equals(masses, m.masses); }

        @Override public int hashCode() { return 31 * Arrays.hashCode(nodes) + Arrays.hashCode(masses); }

        @Override public String toString() { return "Measure[" + nodes.length + " nodes]"; }
    }

    /** The largest eigenvalue found: the largest deflated or Ritz value, a lower bound of the largest eigenvalue. */
    public double largest() { return extreme(true); }

    /**
     * The largest over start vectors of each one's second-smallest Ritz value (its smallest if it
     * has one node): the resolution floor of the estimate. An m-node quadrature puts its vector's
     * measure below its lowest node onto that node, and the wide gap above it onto the next one
     * (the nodes crowd at the ends of the spectrum on a linear scale, about lambda_max / m^2
     * apart, so on a log scale the lowest ones stand decades apart); where a spectrum reaches
     * far below the floor (the decades of small eigenvalues of a deep Jacobian) the estimate
     * holds that part's mass, not its shape. 0 when every eigenvalue was deflated.
     */
    public double resolutionFloor() {
        double floor = 0;
        for (Group g : groups) {
            for (RitzQuadrature q : g.probes) {
                double[] nodes = q.nodes();
                floor = Math.max(floor, nodes[Math.min(1, nodes.length - 1)]);
            }
        }
        return floor;
    }

    /** The smallest Ritz (or deflated) value: an upper bound of the smallest eigenvalue. */
    public double smallest() { return extreme(false); }

    private double extreme(boolean top) {
        double m = top ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (Group g : groups) {
            for (double t : g.deflated) m = top ? Math.max(m, t) : Math.min(m, t);
            for (RitzQuadrature q : g.probes) m = top ? Math.max(m, q.largest()) : Math.min(m, q.smallest());
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
                double scale = 1 / gr.remaining(v);
                for (int j = 0; j < nodes.length; j++) addKernel(each[v], x, nodes[j], weights[j] * scale, h, norm, log);
                for (int k = 0; k < gr.deflated.length; k++) addKernel(each[v], x, gr.deflated[k], -gr.overlaps[v][k] * scale, h, norm, log);
            }
            double[] column = new double[each.length];
            for (int i = 0; i < x.length; i++) {
                for (int v = 0; v < each.length; v++) column[v] = each[v][i];
                Estimate e = each.length == 0 ? Estimate.exact(0) : Estimate.meanOf(column);
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
