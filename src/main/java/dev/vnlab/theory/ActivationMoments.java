package dev.vnlab.theory;

import dev.vnlab.nn.Activation;

/**
 * Gaussian moments of an activation phi for a pre-activation h ~ N(0, q): the slope moments
 * {@code mu_k(q) = E[phi'(sqrt(q) z)^(2k)]} that enter the Jacobian spectrum (docs/theory.md section
 * 4) and the second moment {@code E[phi(sqrt(q) z)^2]} that drives the mean-field q-map, z ~
 * N(0, 1). All integrals go through {@link NormalExpectation}, split at the activation's
 * {@link Activation#kinks() kinks}; at q = 0 they are the q -&gt; 0 limits (ReLU's mu_k is 1/2
 * there as everywhere).
 */
public final class ActivationMoments {
    private ActivationMoments() {}

    /**
     * {@code mu_k(q) = E[phi'(sqrt(q) z)^(2k)]}.
     *
     * @param phi the activation
     * @param k the moment order, k &gt;= 1
     * @param q the variance of the pre-activation, finite and &gt;= 0
     * @throws IllegalArgumentException if k &lt; 1 or q is negative, infinite or NaN
     */
    public static double mu(Activation phi, int k, double q) {
        if (k < 1) throw new IllegalArgumentException("moment order k = " + k + " is invalid; expected k >= 1");
        NormalExpectation.checkVariance(q);
        return NormalExpectation.expect(q, h -> {
            double s = phi.slope(h);
            return power(s * s, k);
        }, phi.kinks());
    }

    /** {@code mu_1(q) = E[phi'(sqrt(q) z)^2]}; see {@link #mu(Activation, int, double)}. */
    public static double mu1(Activation phi, double q) { return mu(phi, 1, q); }

    /** {@code mu_2(q) = E[phi'(sqrt(q) z)^4]}; see {@link #mu(Activation, int, double)}. */
    public static double mu2(Activation phi, double q) { return mu(phi, 2, q); }

    /**
     * {@code E[phi(sqrt(q) z)^2]}.
     *
     * @param phi the activation
     * @param q the variance of the pre-activation, finite and &gt;= 0
     * @throws IllegalArgumentException if q is negative, infinite or NaN
     */
    public static double meanSquare(Activation phi, double q) {
        NormalExpectation.checkVariance(q);
        return NormalExpectation.expect(q, h -> {
            double x = phi.apply(h);
            return x * x;
        }, phi.kinks());
    }

    /** x^n for n &gt;= 1 by repeated squaring: exact for the 0/1 slopes, no pow call. */
    private static double power(double x, int n) {
        double r = 1;
        for (double b = x; n > 0; n >>= 1, b *= b) if ((n & 1) != 0) r *= b;
        return r;
    }
}
