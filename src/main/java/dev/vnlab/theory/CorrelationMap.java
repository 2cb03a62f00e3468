package dev.vnlab.theory;

import dev.vnlab.linalg.kernel.Erf;
import dev.vnlab.nn.Activation;

/**
 * The mean-field correlation map of a deep network and the order-to-chaos quantities it gives
 * (Poole et al. 2016; Schoenholz et al. 2017; docs/theory.md section 4). Two inputs whose
 * pre-activations have settled at the variance fixed point q* and correlate with c in layer l
 * correlate in layer l + 1 with
 * {@code c' = C(c) = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*}, (u1, u2) centred Gaussian
 * of variances q* and correlation c. c = 1 is always a fixed point; its slope there is
 * {@code chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2]}: below 1 (order) every pair of inputs
 * converges to correlation 1, above 1 (chaos) to a fixed point c* &lt; 1. Deviations of q from q*
 * and of c from c* decay like exp(-l / xi_q) and exp(-l / xi_c), with
 * {@code xi_q = -1 / ln F'(q*)} (F the variance map) and {@code xi_c = -1 / ln chi_c},
 * {@code chi_c = sigma_w^2 E[phi'(u1) phi'(u2)]} at c* (chi_1 when c* = 1): xi_c diverges on the
 * critical line chi_1 = 1, where the deepest networks train.
 *
 * <p>The two-dimensional Gaussian expectations are nested one-dimensional ones, each by
 * {@link NormalExpectation} split at the activation's kinks: {@code E[f(u1) g(u2)] =
 * E_u1[f(u1) E[g(c u1 + sqrt(q (1 - c^2)) z)]]}, each over |z| &lt;= 10 (the tail beyond is below
 * 1e-22); the outer integrand is also split where the inner one would put a kink as c approaches 1.
 */
public final class CorrelationMap {
    /** The fixed point c* is found to this absolute tolerance. */
    static final double C_TOLERANCE = 1e-13;
    /** c*'s tolerance under {@link Rule#FAST}, whose map is good to about 1e-6. */
    static final double FAST_C_TOLERANCE = 1e-9;
    /**
     * chi within this of 1 counts as critical: c* = 1 and an infinite depth scale (the critical
     * scales of {@link Criticality} meet chi = 1 to about 1e-10).
     */
    public static final double CRITICAL_TOLERANCE = 1e-9;

    /** Cuts on each side of a near-kink of the outer integrand, half its width apart. */
    private static final int NEAR_KINK_CUTS = 20;

    private CorrelationMap() {}

    /**
     * {@code E[phi(u1) phi(u2)]}, (u1, u2) centred Gaussian with variances q and correlation c.
     *
     * @throws IllegalArgumentException if q is negative or not finite, or c is not in [-1, 1]
     */
    public static double crossMoment(Activation phi, double q, double c) {
        return crossMoment(phi, q, c, Rule.EXACT);
    }

    /** {@link #crossMoment(Activation, double, double)} by the given rule. */
    public static double crossMoment(Activation phi, double q, double c, Rule rule) {
        return pairExpectation(phi, q, c, false, rule);
    }

    /** {@code E[phi'(u1) phi'(u2)]}, as {@link #crossMoment} for the slopes. */
    public static double slopeCrossMoment(Activation phi, double q, double c) {
        return slopeCrossMoment(phi, q, c, Rule.EXACT);
    }

    /** {@link #slopeCrossMoment(Activation, double, double)} by the given rule. */
    public static double slopeCrossMoment(Activation phi, double q, double c, Rule rule) {
        return pairExpectation(phi, q, c, true, rule);
    }

    /**
     * How the pair expectations are taken.
     * <ul>
     *   <li>{@code EXACT}: nested adaptive quadrature, split at the kinks (closed-form inner
     *       expectations for piecewise-linear phi): rounding-level, 10-100 ms each for a smooth
     *       phi.</li>
     *   <li>{@code FAST}: for a diagram of thousands of points. erf in closed form (its
     *       arcsine kernel and, for the slopes, a Gaussian integral); tanh and sigmoid by a
     *       {@value #PRODUCT_ORDER}^2-point product Gauss-Hermite rule, within 1e-6 of EXACT
     *       up to q = 3, drifting beyond (tanh's poles near the real axis); piecewise-linear
     *       phi as EXACT, which is fast for them. About 0.3 ms each.</li>
     * </ul>
     */
    public enum Rule { EXACT, FAST }

    /** Points per axis of {@link Rule#FAST}'s product rule. */
    static final int PRODUCT_ORDER = 160;
    private static final GaussHermite PRODUCT = GaussHermite.of(PRODUCT_ORDER);
    private static final double[] PRODUCT_NODES = PRODUCT.nodes(), PRODUCT_WEIGHTS = PRODUCT.weights();

    /**
     * One step of the correlation map at the variance fixed point: {@code C(c)}.
     *
     * @throws IllegalArgumentException if a scale is negative or not finite, or c is not in [-1, 1]
     * @throws NoFixedPointException if the variance map has no finite fixed point q* &gt; 0
     */
    public static double next(Activation phi, double sigmaW2, double sigmaB2, double c) {
        return next(phi, sigmaW2, sigmaB2, positiveFixedPoint(phi, sigmaW2, sigmaB2), c, Rule.EXACT);
    }

    private static double next(Activation phi, double sigmaW2, double sigmaB2, double q, double c, Rule rule) {
        return (sigmaW2 * crossMoment(phi, q, c, rule) + sigmaB2) / q;
    }

    /**
     * The mean-field cosine similarity of the hidden representations x_1..x_L of two inputs of
     * second moment q_x each and cosine c_0, layer by layer: the pre-activations' variance q_l
     * ({@link MeanField#varianceSequence}) and correlation
     * {@code c_1 = (sigma_w^2 c_0 q_x + sigma_b^2) / q_1},
     * {@code c_(l+1) = (sigma_w^2 E[phi(u_a) phi(u_b)] + sigma_b^2) / q_(l+1)} at (q_l, c_l), and the
     * cosine of x_l is {@code E[phi(u_a) phi(u_b)] / E[phi(u)^2]} there. Away from q* too: this is
     * the finite-depth form, not the fixed-point map.
     *
     * @return element l - 1 is the cosine at depth l
     * @throws IllegalArgumentException if a scale or q_x is negative or not finite, c_0 is not in
     *         [-1, 1], depth &lt; 1, or a layer's variance is 0 (no cosine is defined)
     */
    public static double[] cosineSequence(Activation phi, double sigmaW2, double sigmaB2, double qx, double c0, int depth) {
        return cosineSequence(phi, sigmaW2, sigmaB2, qx, c0, depth, Rule.EXACT);
    }

    /** {@link #cosineSequence(Activation, double, double, double, double, int)} by the given rule. */
    public static double[] cosineSequence(Activation phi, double sigmaW2, double sigmaB2, double qx, double c0, int depth, Rule rule) {
        if (!(c0 >= -1 && c0 <= 1)) throw new IllegalArgumentException("input cosine c_0 = " + c0 + " is invalid; expected -1 <= c_0 <= 1");
        double[] q = MeanField.varianceSequence(phi, sigmaW2, sigmaB2, qx, depth);
        double[] out = new double[depth];
        double c = (sigmaW2 * c0 * qx + sigmaB2) / q[0];
        for (int l = 0; l < depth; l++) {
            double second = ActivationMoments.meanSquare(phi, q[l]);
            if (!(second > 0)) throw new IllegalArgumentException("the hidden layer " + (l + 1) + " has E[phi^2] = " + second + "; expected a positive variance for a cosine");
            double cross = crossMoment(phi, q[l], Math.max(-1, Math.min(1, c)), rule);
            out[l] = cross / second;
            if (l + 1 < depth) c = (sigmaW2 * cross + sigmaB2) / q[l + 1];
        }
        return out;
    }

    /** {@code chi_1 = sigma_w^2 mu_1(q*)}: the slope of the correlation map at c = 1. */
    public static double chi1(Activation phi, double sigmaW2, double sigmaB2) {
        return sigmaW2 * ActivationMoments.mu1(phi, positiveFixedPoint(phi, sigmaW2, sigmaB2));
    }

    /** {@code chi_c = sigma_w^2 E[phi'(u1) phi'(u2)]} at correlation c: the slope of the map there (Price's theorem). */
    public static double chiC(Activation phi, double sigmaW2, double sigmaB2, double c) {
        return sigmaW2 * slopeCrossMoment(phi, positiveFixedPoint(phi, sigmaW2, sigmaB2), c);
    }

    /**
     * The stable fixed point c*: 1 when chi_1 &lt;= 1 (order); else (chaos) the root of
     * C(c) = c in [0, 1), where C(0) &gt;= c and C falls below c just under 1, by Brent's method.
     * (For an odd phi without bias, -1 and 0 are fixed points too, and 0 is the stable one.)
     */
    public static double fixedPoint(Activation phi, double sigmaW2, double sigmaB2) {
        double q = positiveFixedPoint(phi, sigmaW2, sigmaB2);
        return fixedPoint(phi, sigmaW2, sigmaB2, q, sigmaW2 * ActivationMoments.mu1(phi, q), Rule.EXACT);
    }

    /** c* at the variance fixed point q, chi_1 given. */
    private static double fixedPoint(Activation phi, double sigmaW2, double sigmaB2, double q, double chi1, Rule rule) {
        if (chi1 <= 1 + CRITICAL_TOLERANCE) return 1;
        java.util.function.DoubleUnaryOperator g = c -> next(phi, sigmaW2, sigmaB2, q, c, rule) - c;
        // At c = 0 the two pre-activations are independent: C(0) = (sigma_w^2 E[phi]^2 + sigma_b^2) / q*,
        // never below 0 in this form (the nested rule gives rounding noise of either sign for an odd phi).
        double mean = NormalExpectation.expect(q, phi::apply, phi.kinks());
        double g0 = (sigmaW2 * mean * mean + sigmaB2) / q;
        double hi = 1 - 1e-3, gHi = g.applyAsDouble(hi);
        while (gHi >= 0 && hi < 1 - 1e-12) { // chi_1 barely above 1: c* is nearer 1
            hi = 1 - (1 - hi) / 10;
            gHi = g.applyAsDouble(hi);
        }
        if (gHi >= 0) return hi;
        return BrentRoot.find(g, 0, hi, g0, gHi, rule == Rule.EXACT ? C_TOLERANCE : FAST_C_TOLERANCE);
    }

    /**
     * Where a network stands between order and chaos, from one solve for q*.
     *
     * @param qStar the variance fixed point q*
     * @param chi1 {@code sigma_w^2 mu_1(q*)}
     * @param cStar the stable fixed point of the correlation map
     * @param chiC the map's slope at c* (chi_1 when c* = 1)
     * @param xiQ the depth scale of the variances
     * @param xiC the depth scale of the correlations, infinite on the critical line
     */
    public record Phase(double qStar, double chi1, double cStar, double chiC, double xiQ, double xiC) {}

    /**
     * {@link #fixedPoint}, {@link #chiC} at it, {@link #varianceDepth} and {@link #correlationDepth}
     * together, each intermediate computed once.
     *
     * @throws IllegalArgumentException as those
     * @throws NoFixedPointException if the variance map has no finite fixed point q* &gt; 0
     */
    public static Phase phase(Activation phi, double sigmaW2, double sigmaB2) {
        return phase(phi, sigmaW2, sigmaB2, Rule.EXACT);
    }

    /** {@link #phase(Activation, double, double)} with the pair expectations by the given rule. */
    public static Phase phase(Activation phi, double sigmaW2, double sigmaB2, Rule rule) {
        double q = positiveFixedPoint(phi, sigmaW2, sigmaB2);
        double chi1 = sigmaW2 * ActivationMoments.mu1(phi, q);
        double c = fixedPoint(phi, sigmaW2, sigmaB2, q, chi1, rule);
        double chiC = c == 1 ? chi1 : sigmaW2 * slopeCrossMoment(phi, q, c, rule);
        return new Phase(q, chi1, c, chiC, depthScale(varianceMapSlope(phi, sigmaW2, q)), depthScale(chiC));
    }

    /**
     * Schoenholz et al.'s (2017) multiple of xi_c within which networks train: signals about
     * how inputs differ fade over a few xi_c, and beyond about 6 xi_c training failed in their
     * experiments.
     */
    public static final double TRAINABLE_MULTIPLE = 6;

    /**
     * The mean-field trainable depth {@link #TRAINABLE_MULTIPLE} xi_c. Where q* = 0 (an odd phi
     * without bias, sigma_w^2 phi'(0)^2 &lt;= 1) the map's slope at c = 1 is
     * {@code sigma_w^2 phi'(0)^2}, so xi_c follows from it: infinite at criticality. NaN where
     * the variance map has no fixed point.
     */
    public static double trainableDepth(Activation phi, double sigmaW2, double sigmaB2) {
        double q;
        try {
            q = MeanField.fixedPoint(phi, sigmaW2, sigmaB2);
        } catch (NoFixedPointException e) {
            return Double.NaN;
        }
        double xi = q > 0 ? phase(phi, sigmaW2, sigmaB2).xiC() : depthScale(sigmaW2 * ActivationMoments.mu1(phi, 0));
        return TRAINABLE_MULTIPLE * xi;
    }

    /** {@code xi_c = -1 / ln chi_c(c*)}: infinite on the critical line. */
    public static double correlationDepth(Activation phi, double sigmaW2, double sigmaB2) {
        return phase(phi, sigmaW2, sigmaB2).xiC();
    }

    /**
     * {@code xi_q = -1 / ln F'(q*)}, F the variance map, its slope
     * {@code F'(q) = sigma_w^2 d/dq E[phi(sqrt(q) z)^2] = sigma_w^2 E[phi(sqrt(q) z)^2 (z^2 - 1)] / (2 q)}
     * (Gaussian integration by parts, which needs no second derivative of phi).
     */
    public static double varianceDepth(Activation phi, double sigmaW2, double sigmaB2) {
        double q = positiveFixedPoint(phi, sigmaW2, sigmaB2);
        return depthScale(varianceMapSlope(phi, sigmaW2, q));
    }

    /** {@code F'(q)}; see {@link #varianceDepth}. */
    static double varianceMapSlope(Activation phi, double sigmaW2, double q) {
        NormalExpectation.checkVariance(q);
        return sigmaW2 * NormalExpectation.expect(q, h -> {
            double x = phi.apply(h);
            return x * x * (h * h / q - 1);
        }, phi.kinks()) / (2 * q);
    }

    /**
     * The depth scale {@code -1 / ln chi} of a map whose slope at its stable fixed point is chi:
     * infinite for chi within {@link #CRITICAL_TOLERANCE} of 1 or above (a stable slope is never
     * above 1; rounding can put it there on the critical line), NaN where chi is not positive.
     */
    public static double depthScale(double chi) {
        return chi >= 1 - CRITICAL_TOLERANCE ? Double.POSITIVE_INFINITY : -1 / Math.log(chi);
    }

    private static double positiveFixedPoint(Activation phi, double sigmaW2, double sigmaB2) {
        double q = MeanField.fixedPoint(phi, sigmaW2, sigmaB2);
        if (!(q > 0)) {
            throw new NoFixedPointException("the variance map of " + phi + " at sigma_w^2 = " + sigmaW2 + ", sigma_b^2 = " + sigmaB2
                    + " has its fixed point at q* = " + q + "; expected q* > 0 for a correlation map");
        }
        return q;
    }

    private static double pairExpectation(Activation phi, double q, double c, boolean slopes, Rule rule) {
        if (rule == Rule.FAST) {
            NormalExpectation.checkVariance(q);
            if (!(c >= -1 && c <= 1)) throw new IllegalArgumentException("correlation c = " + c + " is invalid; expected -1 <= c <= 1");
            if (phi == Activation.ERF) return erfClosedForm(q, c, slopes);
            if (!isPiecewiseLinear(phi)) return productRule(phi, q, c, slopes);
        }
        return pairExpectation(phi, q, c, slopes, true);
    }

    /**
     * erf(a h), a = sqrt(pi) / 2, in closed form: {@code E[phi(u1) phi(u2)] = (2/pi) asin(2 a^2 q c / (1 + 2 a^2 q))}
     * (Williams' arcsine kernel) and, phi'(h) = exp(-a^2 h^2), {@code E[phi'(u1) phi'(u2)] = 1 / sqrt((1 + 2 a^2 q)^2 - (2 a^2 q c)^2)}.
     */
    static double erfClosedForm(double q, double c, boolean slopes) {
        double k = 2 * Activation.ERF_SCALE * Activation.ERF_SCALE * q;
        return slopes ? 1 / Math.sqrt((1 + k) * (1 + k) - k * c * k * c) : 2 / Math.PI * Math.asin(k * c / (1 + k));
    }

    /** {@code E[f(u1) f(u2)]} by the product Gauss-Hermite rule over (z1, z2): u1 = sqrt(q) z1, u2 = sqrt(q) (c z1 + sqrt(1 - c^2) z2). */
    private static double productRule(Activation phi, double q, double c, boolean slopes) {
        double sd = Math.sqrt(q), s = Math.sqrt(Math.max(0, 1 - c * c)), sum = 0;
        for (int i = 0; i < PRODUCT_ORDER; i++) {
            double z1 = PRODUCT_NODES[i], h1 = sd * z1, inner = 0;
            for (int j = 0; j < PRODUCT_ORDER; j++) {
                double h2 = sd * (c * z1 + s * PRODUCT_NODES[j]);
                inner += PRODUCT_WEIGHTS[j] * (slopes ? phi.slope(h2) : phi.apply(h2));
            }
            sum += PRODUCT_WEIGHTS[i] * (slopes ? phi.slope(h1) : phi.apply(h1)) * inner;
        }
        return sum;
    }

    /**
     * The pair expectation; {@code closedForms} lets the inner expectation of a piecewise-linear
     * phi (and of its slope) be taken in closed form ({@link #innerClosedForm}), about ten times
     * faster than the inner rule and exact to the error function's rounding; false forces the
     * nested rule (for tests, which compare the two).
     */
    static double pairExpectation(Activation phi, double q, double c, boolean slopes, boolean closedForms) {
        NormalExpectation.checkVariance(q);
        if (!(c >= -1 && c <= 1)) throw new IllegalArgumentException("correlation c = " + c + " is invalid; expected -1 <= c <= 1");
        java.util.function.DoubleUnaryOperator f = slopes ? phi::slope : phi::apply;
        double[] kinks = phi.kinks();
        double innerVariance = q * (1 - c * c);
        // As c nears 1 the inner expectation turns into f(c u1): a transition of width
        // sqrt(innerVariance) / |c| around kink / c, which the outer panels must resolve.
        double width = c == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(innerVariance) / Math.abs(c);
        int near = width < 0.5 * Math.sqrt(q) ? NEAR_KINK_CUTS : 0;
        double[] outerCuts = new double[kinks.length * (2 + 2 * near)];
        int n = 0;
        for (double kink : kinks) {
            outerCuts[n++] = kink;
            double centre = c == 0 ? kink : kink / c; // where c u1 meets the kink
            outerCuts[n++] = centre;
            for (int j = 1; j <= near; j++) {
                outerCuts[n++] = centre + j * 0.5 * width;
                outerCuts[n++] = centre - j * 0.5 * width;
            }
        }
        boolean closed = closedForms && isPiecewiseLinear(phi);
        return NormalExpectation.expectNested(q, u1 -> {
            double mean = c * u1;
            double[] shifted = new double[kinks.length];
            for (int k = 0; k < kinks.length; k++) shifted[k] = kinks[k] - mean;
            double inner = innerVariance == 0 ? f.applyAsDouble(mean)
                    : closed ? innerClosedForm(phi, slopes, mean, Math.sqrt(innerVariance))
                    : NormalExpectation.expectNested(innerVariance, h -> f.applyAsDouble(mean + h), shifted);
            return f.applyAsDouble(u1) * inner;
        }, outerCuts);
    }

    private static boolean isPiecewiseLinear(Activation phi) {
        return switch (phi) {
            case LINEAR, RELU, LEAKY_RELU, HARD_TANH -> true;
            case TANH, SIGMOID, ERF -> false;
        };
    }

    /**
     * {@code E[f(m + s z)]}, z ~ N(0, 1), s &gt; 0, for f = phi or phi' of a piecewise-linear phi,
     * from the normal distribution function Phi and density pdf: with {@code t = m / s},
     * {@code E[relu] = m Phi(t) + s pdf(t)} and {@code E[relu'] = Phi(t)}; leaky-ReLU is
     * {@code a h + (1 - a) relu(h)}; hard-tanh, clipped to [-1, 1] with {@code a = (-1 - m) / s} and
     * {@code b = (1 - m) / s}, is {@code 1 - Phi(b) - Phi(a) + m (Phi(b) - Phi(a)) + s (pdf(a) - pdf(b))},
     * its slope {@code Phi(b) - Phi(a)}.
     */
    static double innerClosedForm(Activation phi, boolean slope, double m, double s) {
        return switch (phi) {
            case LINEAR -> slope ? 1 : m;
            case RELU -> relu(slope, m, s);
            case LEAKY_RELU -> {
                double a = Activation.LEAKY_SLOPE;
                yield slope ? a + (1 - a) * relu(true, m, s) : a * m + (1 - a) * relu(false, m, s);
            }
            case HARD_TANH -> {
                double a = (-1 - m) / s, b = (1 - m) / s;
                double pa = normalCdf(a), pb = normalCdf(b);
                yield slope ? pb - pa : upper(b) - pa + m * (pb - pa) + s * (density(a) - density(b));
            }
            case TANH, SIGMOID, ERF -> throw new IllegalArgumentException(phi + " has no closed form here; expected a piecewise-linear activation");
        };
    }

    private static double relu(boolean slope, double m, double s) {
        double t = m / s;
        return slope ? normalCdf(t) : m * normalCdf(t) + s * density(t);
    }

    /** Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the left tail. */
    private static double normalCdf(double x) { return 0.5 * Erf.erfc(-x * INV_SQRT_2); }

    /** 1 - Phi(x), accurate in the right tail. */
    private static double upper(double x) { return 0.5 * Erf.erfc(x * INV_SQRT_2); }

    private static double density(double x) { return INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x); }

    private static final double INV_SQRT_2 = 0.7071067811865476, INV_SQRT_2PI = 0.3989422804014327;
}
