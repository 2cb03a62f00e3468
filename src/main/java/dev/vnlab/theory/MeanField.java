package dev.vnlab.theory;

import dev.vnlab.nn.Activation;
import java.util.function.DoubleUnaryOperator;

/**
 * The mean-field variance map of a deep network (docs/theory.md section 4): with weights of variance
 * sigma_w^2 / fan_in and biases of variance sigma_b^2, the pre-activations of layer l are
 * N(0, q_l) in the wide limit, with
 * {@code q_l = F(q_{l-1}) = sigma_w^2 E[phi(sqrt(q_{l-1}) z)^2] + sigma_b^2}, z ~ N(0, 1), and
 * {@code q_1 = sigma_w^2 q_x + sigma_b^2} from inputs of per-component second moment q_x (the
 * input layer is not passed through phi).
 *
 * <p>F is nondecreasing for every {@link Activation} (phi(h)^2 + phi(-h)^2 grows with |h|) and
 * concave (affine for linear and the ReLUs; checked numerically for the bounded ones), so it
 * has at most one fixed point besides 0; the iteration from any q_1 &gt; 0 converges to the
 * largest fixed point, which is what {@link #fixedPoint} returns.
 */
public final class MeanField {
    /** Relative slack within which F(q) = q counts as "not below q" (quadrature rounding is ~1e-15). */
    static final double SLACK = 1e-12;
    /** Largest q searched for an upper end of the bracket before declaring that none exists (or 1e13 sigma_b^2 if larger). */
    static final double Q_SEARCH_LIMIT = 1e100;
    /** Fixed-point iterations from above before the bracketed root find takes over. */
    private static final int ITERATIONS = 30;

    private MeanField() {}

    /**
     * One step of the map: {@code sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2}.
     *
     * @throws IllegalArgumentException if a variance is negative, infinite or NaN
     */
    public static double qMap(Activation phi, double sigmaW2, double sigmaB2, double q) {
        checkScales(sigmaW2, sigmaB2);
        NormalExpectation.checkVariance(q);
        return sigmaW2 * ActivationMoments.meanSquare(phi, q) + sigmaB2;
    }

    /**
     * The pre-activation variances q_1, ..., q_L of a depth-L network fed inputs of second
     * moment q_x.
     *
     * @return a new array of length {@code depth}; element l - 1 is q_l
     * @throws IllegalArgumentException if a variance is negative, infinite or NaN, depth &lt; 1,
     *         or q_l overflows (an unbounded phi far above criticality)
     */
    public static double[] varianceSequence(Activation phi, double sigmaW2, double sigmaB2, double qx, int depth) {
        checkScales(sigmaW2, sigmaB2);
        if (!(qx >= 0) || qx == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("input second moment q_x = " + qx + " is invalid; expected a finite q_x >= 0");
        }
        checkDepth(depth);
        double[] q = new double[depth];
        q[0] = sigmaW2 * qx + sigmaB2;
        for (int l = 1; l <= depth; l++) {
            if (l > 1) q[l - 1] = sigmaW2 * ActivationMoments.meanSquare(phi, q[l - 2]) + sigmaB2;
            if (!(q[l - 1] < Double.POSITIVE_INFINITY)) { // the integrand overflowed, or q_l did
                throw new IllegalArgumentException("the variance q_" + l + " overflows for " + describe(phi, sigmaW2, sigmaB2)
                        + " with q_x = " + qx + "; expected a configuration whose q_l stays finite over " + depth + " layers");
            }
        }
        return q;
    }

    /**
     * The fixed point q* = F(q*) the variance map converges to: 0 when F(0) = 0 (phi(0) = 0,
     * sigma_b^2 = 0) and {@code sigma_w^2 mu_1(0) <= 1} (within relative 1e-12), as
     * for tanh, hard-tanh, erf and ReLU at or below criticality (ReLU at sigma_w^2 = 2 has every
     * q as a fixed point; 0 is returned); otherwise the largest root of F(q) - q, found by
     * iterating F from an upper bound and then Brent's method on a bracket, to within a few ulp.
     *
     * @throws IllegalArgumentException if a variance is negative, infinite or NaN
     * @throws NoFixedPointException if F(q) stays above q (1 - 1e-12) for every q up to
     *         1e100 (or 1e13 sigma_b^2 if larger): no finite fixed point
     *         attracts the iteration
     */
    public static double fixedPoint(Activation phi, double sigmaW2, double sigmaB2) {
        checkScales(sigmaW2, sigmaB2);
        DoubleUnaryOperator gap = q -> sigmaW2 * ActivationMoments.meanSquare(phi, q) + sigmaB2 - q; // F(q) - q
        double f0 = gap.applyAsDouble(0);
        // F(0) = 0 with slope sigma_w^2 mu_1(0) <= 1 at 0: concave F stays below q for q > 0.
        if (f0 == 0 && sigmaW2 * ActivationMoments.mu1(phi, 0) <= 1 + SLACK) return 0;

        // An upper end: the first q = 4^j max(1, F(0)) with F(q) clearly below q.
        double hi = Math.max(1, f0), gHi = gap.applyAsDouble(hi);
        while (!(gHi < -SLACK * hi)) {
            hi *= 4;
            if (hi > searchLimit(sigmaB2)) {
                throw new NoFixedPointException("the variance map of " + describe(phi, sigmaW2, sigmaB2)
                        + " has no finite fixed point: sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2 stays above q for all q up to "
                        + searchLimit(sigmaB2) + ", so q_l grows without bound; expected a configuration at or below criticality");
            }
            gHi = gap.applyAsDouble(hi);
        }
        // Iterate F from above: F is nondecreasing, so every iterate stays >= the largest fixed point.
        for (int i = 0; i < ITERATIONS; i++) {
            double next = hi + gHi;
            if (next >= hi) break; // rounding: no further progress from above
            double gNext = gap.applyAsDouble(next);
            if (gNext == 0) return next;
            if (gNext > 0) return BrentRoot.find(gap, next, hi, gNext, gHi, Double.MIN_NORMAL);
            hi = next;
            gHi = gNext;
        }
        // A lower end by halving: F(q) > q for small q whenever F(0) > 0 or the slope at 0 exceeds 1.
        double lo = hi, gLo = gHi;
        while (gLo < 0) {
            hi = lo;
            gHi = gLo;
            lo *= 0.5;
            if (lo < Double.MIN_NORMAL) throw new ArithmeticException("no lower bracket for the fixed point of " + describe(phi, sigmaW2, sigmaB2));
            gLo = gap.applyAsDouble(lo);
        }
        return BrentRoot.find(gap, lo, hi, gLo, gHi, Double.MIN_NORMAL);
    }

    /**
     * True when the variance map is the identity, F(q) = q for every q (within relative
     * {@value #SLACK}): a positively homogeneous activation (linear, ReLU, leaky ReLU) at its
     * critical sigma_w^2 with sigma_b^2 = 0. Then every q is a fixed point, q_l = q_1 at every
     * depth, and {@link #fixedPoint}'s 0 is one fixed point among all. Checked at q = 0.01, 1 and
     * 100: a map that is not the identity (a bounded activation, or sigma_b^2 &gt; 0) misses at
     * one of them by far more than the slack.
     *
     * @throws IllegalArgumentException if a variance is negative, infinite or NaN
     */
    public static boolean isIdentity(Activation phi, double sigmaW2, double sigmaB2) {
        checkScales(sigmaW2, sigmaB2);
        for (double q : new double[] {0.01, 1, 100}) {
            if (!(Math.abs(qMap(phi, sigmaW2, sigmaB2, q) - q) <= SLACK * q)) return false;
        }
        return true;
    }

    /**
     * How far up q is searched: {@link #Q_SEARCH_LIMIT}, or 1e13 sigma_b^2 if larger (a fixed
     * point F(q) = q that the slack can tell from none lies below about sigma_b^2 / SLACK).
     */
    static double searchLimit(double sigmaB2) {
        return Math.max(Q_SEARCH_LIMIT, Math.min(1e13 * sigmaB2, Double.MAX_VALUE / 64));
    }

    static void checkScales(double sigmaW2, double sigmaB2) {
        if (!(sigmaW2 >= 0) || sigmaW2 == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("sigma_w^2 = " + sigmaW2 + " is invalid; expected a finite value >= 0");
        }
        if (!(sigmaB2 >= 0) || sigmaB2 == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("sigma_b^2 = " + sigmaB2 + " is invalid; expected a finite value >= 0");
        }
    }

    static void checkDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("depth L = " + depth + " is invalid; expected L >= 1");
    }

    static String describe(Activation phi, double sigmaW2, double sigmaB2) {
        return phi + " at sigma_w^2 = " + sigmaW2 + ", sigma_b^2 = " + sigmaB2;
    }
}
