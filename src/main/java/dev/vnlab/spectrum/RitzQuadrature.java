package dev.vnlab.spectrum;

import java.util.Arrays;

/**
 * The Gauss quadrature of a symmetric operator's spectral measure seen from one unit start vector
 * v, {@code mu_v = sum_i (u_i . v)^2 delta(lambda_i)}, that m Lanczos steps give: the nodes are the
 * Ritz values (eigenvalues of the m x m tridiagonal) and the weights the squared first components
 * of its normalised eigenvectors. It integrates polynomials of degree up to 2m - 1 exactly:
 * {@code sum_k w_k theta_k^p = v^T A^p v} for p &lt;= 2m - 1, in exact arithmetic. The nodes lie in
 * [lambda_min, lambda_max], and the outermost converge to the extreme eigenvalues first.
 *
 * @param nodes the Ritz values, ascending
 * @param weights their weights, summing to 1
 */
public record RitzQuadrature(double[] nodes, double[] weights) {
    /**
     * @throws IllegalArgumentException if the lengths differ, are 0, or a value is not finite
     */
    public RitzQuadrature {
        if (nodes.length == 0 || nodes.length != weights.length) {
            throw new IllegalArgumentException("a quadrature of " + nodes.length + " nodes and " + weights.length + " weights; expected as many of each, at least one");
        }
        for (int k = 0; k < nodes.length; k++) {
            if (!Double.isFinite(nodes[k]) || !Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("node " + k + " is " + nodes[k] + " with weight " + weights[k] + "; expected finite values");
            }
        }
        nodes = nodes.clone();
        weights = weights.clone();
    }

    /** The nodes (a copy). */
    @Override public double[] nodes() { return nodes.clone(); }

    /** The weights (a copy). */
    @Override public double[] weights() { return weights.clone(); }

    /** The number of nodes: the Lanczos steps taken from this start vector. */
    public int size() { return nodes.length; }

    /** {@code sum_k w_k theta_k^p}: v^T A^p v when p &lt;= 2 size() - 1. */
    public double moment(int p) {
        if (p < 0) throw new IllegalArgumentException("moment order is " + p + "; expected at least 0");
        double s = 0;
        for (int k = 0; k < nodes.length; k++) s += weights[k] * Math.pow(nodes[k], p);
        return s;
    }

    /** The smallest Ritz value: an upper bound of the smallest eigenvalue. */
    public double smallest() { return nodes[0]; }

    /** The largest Ritz value: a lower bound of the largest eigenvalue. */
    public double largest() { return nodes[nodes.length - 1]; }

    @Override public boolean equals(Object o) {
        return o instanceof RitzQuadrature q && Arrays.equals(nodes, q.nodes) && Arrays.equals(weights, q.weights);
    }

    @Override public int hashCode() { return 31 * Arrays.hashCode(nodes) + Arrays.hashCode(weights); }

    @Override public String toString() { return "RitzQuadrature[nodes=" + Arrays.toString(nodes) + ", weights=" + Arrays.toString(weights) + "]"; }
}
