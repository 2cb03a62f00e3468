package dev.vnlab.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * Gauss-Hermite quadrature for the standard normal law: {@code E[f(z)] ~ sum_i w_i f(x_i)},
 * z ~ N(0, 1), exact for polynomials of degree up to 2n - 1. Nodes and weights come from the
 * Golub-Welsch algorithm: the eigenvalues of the Jacobi matrix of the probabilists' Hermite
 * polynomials (zero diagonal, off-diagonal sqrt(k)) and the squared first components of its
 * eigenvectors. Immutable.
 */
public final class GaussHermite {
    private final double[] nodes;
    private final double[] weights;

    private GaussHermite(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /**
     * The n-point rule.
     *
     * @throws IllegalArgumentException if n is not in [1, 2000]
     */
    public static GaussHermite of(int n) {
        if (n < 1 || n > 2000) throw new IllegalArgumentException("Gauss-Hermite order " + n + " is invalid; expected 1 to 2000");
        double[] e = new double[n - 1];
        for (int k = 1; k < n; k++) e[k - 1] = Math.sqrt(k);
        double[][] rule = GolubWelsch.symmetricRule(e);
        return new GaussHermite(rule[0], rule[1]);
    }

    public int order() { return nodes.length; }

    /** The nodes, ascending (a copy). */
    public double[] nodes() { return nodes.clone(); }

    /** The weights, summing to 1 (a copy). */
    public double[] weights() { return weights.clone(); }

    /** {@code E[f(z)]} for z ~ N(0, 1). */
    public double expect(DoubleUnaryOperator f) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) s += weights[i] * f.applyAsDouble(nodes[i]);
        return s;
    }

    /** {@code E[f(sqrt(q) z)]} for z ~ N(0, 1), i.e. the expectation under N(0, q). */
    public double expect(double q, DoubleUnaryOperator f) {
        if (!(q >= 0)) throw new IllegalArgumentException("variance " + q + " is invalid; expected q >= 0");
        double sd = Math.sqrt(q);
        double s = 0;
        for (int i = 0; i < nodes.length; i++) s += weights[i] * f.applyAsDouble(sd * nodes[i]);
        return s;
    }
}
