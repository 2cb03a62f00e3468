package dev.vnlab.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * Gauss-Legendre quadrature on [-1, 1]: {@code int f(x) dx ~ sum_i w_i f(x_i)}, exact for
 * polynomials of degree up to 2n - 1. Nodes and weights come from the Golub-Welsch algorithm on
 * the Jacobi matrix of the Legendre polynomials (zero diagonal, off-diagonal
 * k / sqrt(4k^2 - 1)), each node then refined by one Newton step on P_n and its weight taken
 * from the closed form {@code 2 / ((1 - x^2) P_n'(x)^2)}. Immutable.
 */
public final class GaussLegendre {
    private final double[] nodes;
    private final double[] weights;

    private GaussLegendre(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /**
     * The n-point rule.
     *
     * @throws IllegalArgumentException if n is not in [1, 2000]
     */
    public static GaussLegendre of(int n) {
        if (n < 1 || n > 2000) throw new IllegalArgumentException("Gauss-Legendre order " + n + " is invalid; expected 1 to 2000");
        double[] e = new double[n - 1];
        for (int k = 1; k < n; k++) e[k - 1] = k / Math.sqrt(4.0 * k * k - 1);
        double[] x = GolubWelsch.symmetricRule(e)[0];
        // The eigenvector components give the weights to only about 1e-14 relative; one Newton
        // step on P_n and the closed form w = 2 / ((1 - x^2) P_n'(x)^2) give them to rounding.
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            int j = n - 1 - i;
            double xi = x[i];
            if (i != j) {
                double[] p = legendre(n, xi);
                xi -= p[0] / p[1];
            }
            double dp = legendre(n, xi)[1];
            double wi = 2 / ((1 - xi) * (1 + xi) * dp * dp);
            x[i] = xi;
            x[j] = i == j ? 0 : -xi; // the middle node of an odd rule is +0
            w[i] = wi;
            w[j] = wi;
        }
        return new GaussLegendre(x, w);
    }

    /** {P_n(x), P_n'(x)} by the three-term recurrence (|x| &lt; 1). */
    private static double[] legendre(int n, double x) {
        double p0 = 1, p1 = x;
        for (int k = 2; k <= n; k++) {
            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        double p = n == 0 ? p0 : p1, pPrev = n == 0 ? 0 : p0;
        return new double[] {p, n * (x * p - pPrev) / (x * x - 1)};
    }

    /** The number of points n. */
    public int order() { return nodes.length; }

    /** The nodes in (-1, 1), ascending (a copy). */
    public double[] nodes() { return nodes.clone(); }

    /** The weights, summing to 2 (a copy). */
    public double[] weights() { return weights.clone(); }

    /**
     * {@code int_a^b f(x) dx} by the rule mapped affinely onto [a, b] (a &gt; b gives the negated
     * integral, a = b gives 0).
     *
     * @throws IllegalArgumentException if a or b is not finite
     */
    public double integrate(double a, double b, DoubleUnaryOperator f) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("interval [" + a + ", " + b + "] is invalid; expected finite end points");
        }
        double half = 0.5 * (b - a), mid = 0.5 * (a + b), s = 0;
        for (int i = 0; i < nodes.length; i++) s += weights[i] * f.applyAsDouble(mid + half * nodes[i]);
        return half * s;
    }
}
