package dev.vnlab.theory;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import java.util.function.DoubleUnaryOperator;

/**
 * Critical initialisations, where forward signals and backward gradients neither vanish nor
 * explode: {@code chi = sigma_w^2 mu_1(q*) = 1} (docs/theory.md section 4, eq. 4.1-4.3).
 *
 * <p>At a critical point q* satisfies both {@code sigma_w^2 = 1 / mu_1(q*)} and
 * {@code q* = sigma_w^2 E[phi(sqrt(q*) z)^2] + sigma_b^2}, so
 * {@code sigma_b^2 = H(q*) = q* - E[phi(sqrt(q*) z)^2] / mu_1(q*)}. Given a target q*, that
 * gives the scales directly ({@link #forFixedPoint}); given sigma_b^2, one root find of H in q
 * does ({@link #forBias}), with no nested fixed-point solve.
 */
public final class Criticality {
    private Criticality() {}

    /**
     * {@code chi = sigma_w^2 mu_1(q*)} at the fixed point q* of the variance map: the factor by
     * which each layer scales forward and backward variances (1 at criticality).
     *
     * @throws IllegalArgumentException if a variance is negative, infinite or NaN
     * @throws NoFixedPointException if the variance map has no finite fixed point
     */
    public static double chi(Activation phi, double sigmaW2, double sigmaB2) {
        double q = MeanField.fixedPoint(phi, sigmaW2, sigmaB2);
        return sigmaW2 * ActivationMoments.mu1(phi, q);
    }

    /**
     * The critical point for a given bias variance: the sigma_w^2 with
     * {@code sigma_w^2 mu_1(q*) = 1}, q* the fixed point at (sigma_w^2, sigma_b^2), found as the
     * root of H(q) = sigma_b^2 to a few ulp. With sigma_b^2 = 0 and phi(0) = 0 this is
     * {@code 1 / mu_1(0)} at q* = 0 (linear, tanh, hard-tanh, erf: 1; ReLU: 2). Positively
     * homogeneous activations have a constant mu_1, so their critical sigma_w^2 is 1 / mu_1 for
     * every sigma_b^2; with sigma_b^2 &gt; 0 their q_l then grows without bound, reported as
     * q* = +Infinity. Hard-tanh's H(q) is below exp(-1/(2q)) for small q, so a sigma_b^2 below
     * about 1e-15 q* fixes its q* only to within the rounding of H.
     *
     * @param phi the activation
     * @param sigmaB2 the bias variance, finite and &gt;= 0
     * @throws IllegalArgumentException if sigma_b^2 is negative, infinite or NaN, or no critical
     *         point exists for it (no activation here has that)
     */
    public static CriticalPoint forBias(Activation phi, double sigmaB2) {
        MeanField.checkScales(0, sigmaB2);
        DoubleUnaryOperator excess = q -> biasFor(phi, q) - sigmaB2; // H(q) - sigma_b^2
        double g0 = excess.applyAsDouble(0);
        if (g0 == 0) return new CriticalPoint(phi, weightScaleFor(phi, 0), sigmaB2, 0);
        if (!(g0 < 0)) {
            throw new IllegalArgumentException("no critical point for " + phi + " at sigma_b^2 = " + sigmaB2
                    + ": q - E[phi^2]/mu_1 already exceeds it at q = 0; expected a larger sigma_b^2");
        }
        // An upper end by steps of 8, where H clearly exceeds sigma_b^2 (not by rounding alone:
        // H vanishes identically for positively homogeneous phi).
        double lo = 0, gLo = g0, hi = 1, gHi = excess.applyAsDouble(hi);
        while (!(gHi >= 0 && gHi + sigmaB2 > MeanField.SLACK * hi)) {
            lo = hi;
            gLo = gHi;
            hi *= 8;
            if (hi > MeanField.searchLimit(sigmaB2)) {
                return new CriticalPoint(phi, weightScaleFor(phi, lo), sigmaB2, Double.POSITIVE_INFINITY);
            }
            gHi = excess.applyAsDouble(hi);
        }
        double q = BrentRoot.find(excess, lo, hi, gLo, gHi, Double.MIN_NORMAL);
        return new CriticalPoint(phi, weightScaleFor(phi, q), sigmaB2, q);
    }

    /**
     * The critical scales with a given fixed point: {@code sigma_w^2 = 1 / mu_1(q*)} and
     * {@code sigma_b^2 = q* - sigma_w^2 E[phi(sqrt(q*) z)^2]} (a sigma_b^2 within relative
     * 1e-12 of 0, either side, is taken as 0: rounding for the positively
     * homogeneous activations, where it vanishes exactly, and for hard-tanh at small q*, where
     * it is below exp(-1/(2q*))).
     *
     * @param phi the activation
     * @param qStar the target fixed point, finite and &gt;= 0
     * @throws IllegalArgumentException if q* is negative, infinite or NaN, or the target would
     *         need sigma_b^2 &lt; 0 (e.g. sigmoid, whose phi(0) = 1/2, at small q*)
     */
    public static CriticalPoint forFixedPoint(Activation phi, double qStar) {
        if (!(qStar >= 0) || qStar == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("target fixed point q* = " + qStar + " is invalid; expected a finite q* >= 0");
        }
        double sigmaW2 = weightScaleFor(phi, qStar);
        double signal = sigmaW2 * ActivationMoments.meanSquare(phi, qStar);
        double sigmaB2 = qStar - signal;
        if (Math.abs(sigmaB2) <= MeanField.SLACK * Math.max(qStar, signal)) sigmaB2 = 0; // rounding of an exact 0
        if (sigmaB2 < 0) {
            double least = forBias(phi, 0).qStar();
            throw new IllegalArgumentException("target fixed point q* = " + qStar + " for " + phi + " would need sigma_b^2 = " + sigmaB2
                    + " < 0 (sigma_w^2 = 1/mu_1(q*) = " + sigmaW2 + "); expected q* >= " + least + ", where sigma_b^2 = 0");
        }
        return new CriticalPoint(phi, sigmaW2, sigmaB2, qStar);
    }

    /**
     * A ready critical {@link Init}: the scheme with the critical scales of {@link #forBias}.
     *
     * @throws IllegalArgumentException as {@link #forBias}
     */
    public static Init init(Init.Scheme scheme, Activation phi, double sigmaB2) {
        return forBias(phi, sigmaB2).init(scheme);
    }

    /** {@code H(q) = q - E[phi(sqrt(q) z)^2] / mu_1(q)}: the bias variance critical at fixed point q. */
    private static double biasFor(Activation phi, double q) {
        return q - ActivationMoments.meanSquare(phi, q) / ActivationMoments.mu1(phi, q);
    }

    /** {@code 1 / mu_1(q)}, checked finite. */
    private static double weightScaleFor(Activation phi, double q) {
        double w = 1 / ActivationMoments.mu1(phi, q);
        if (!(w < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("mu_1(" + q + ") of " + phi + " vanishes; expected a q where phi' is not 0 almost everywhere");
        }
        return w;
    }
}
