package dev.vnlab.theory;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code E[f(sqrt(q) z)]}, z ~ N(0, 1), for a function f of the pre-activation h that is smooth
 * apart from finitely many breakpoints (kinks of f or jumps of f, e.g. of an activation's
 * derivative), varies on a scale of order 1 in h and grows at most polynomially: the
 * activations and their derivatives.
 * <ul>
 *   <li>Smooth f and q &lt;= {@value #HERMITE_MAX_Q}: a {@value #HERMITE_ORDER}-point
 *       Gauss-Hermite rule. Beyond that q, f(sqrt(q) z) varies faster in z than the rule's
 *       node spacing near 0 resolves (tanh's poles at h = +-i pi/2 come within pi/(2 sqrt(q))
 *       of the real z axis): for tanh, the 160-point rule is at rounding for mu_1..mu_8 up to
 *       q = 0.2, but off by 1e-10 in mu_2 at q = 1 and by 1e-4 at q = 50. There the composite
 *       rule below is used.</li>
 *   <li>Otherwise: composite {@value #PANEL_ORDER}-point Gauss-Legendre in z over
 *       [-{@value #Z_MAX}, {@value #Z_MAX}] (the normal density is below 1e-313 beyond), in
 *       panels of width at most {@value #PANEL_WIDTH} in z and, where q &gt; 1, at most
 *       {@value #PANEL_WIDTH} in h for |h| &lt;= {@value #H_RESOLVED}, split exactly at the
 *       breakpoints z = h_k / sqrt(q). Each panel then holds a smooth piece, integrated to
 *       rounding.</li>
 * </ul>
 * At q = 0 the law is a point mass at h = 0, and the result is f(0), or the mean of f's
 * one-sided values there when 0 is a breakpoint: the limit as q -&gt; 0, so results are
 * continuous in q (ReLU's mean squared slope is 1/2 at every q, including 0).
 */
public final class NormalExpectation {
    /** Points of the Gauss-Hermite rule for smooth f. */
    public static final int HERMITE_ORDER = 160;
    /** Largest q integrated by Gauss-Hermite. */
    public static final double HERMITE_MAX_Q = 0.2;
    /** Half-width of the truncated range of z: the normal density at 38 is about 1e-314. */
    public static final double Z_MAX = 38;
    /** Half-width of the range of {@link #expectNested}: the normal density at 10 is about 8e-23. */
    static final double Z_NESTED = 10;
    /** Largest panel width, in z and in h. */
    public static final double PANEL_WIDTH = 0.5;
    /** Gauss-Legendre points per panel. */
    public static final int PANEL_ORDER = 16;
    /** |h| up to which panels are also kept narrow in h (activations are flat to rounding beyond). */
    public static final double H_RESOLVED = 40;

    private static final GaussHermite HERMITE = GaussHermite.of(HERMITE_ORDER);
    private static final GaussLegendre LEGENDRE = GaussLegendre.of(PANEL_ORDER);
    private static final double[] GL_NODES = LEGENDRE.nodes(), GL_WEIGHTS = LEGENDRE.weights();
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final int BASE_PANELS = (int) Math.round(2 * Z_MAX / PANEL_WIDTH);
    /** The unsplit panels' nodes z and weights w phi(z) (half-width folded in), panel by panel. */
    private static final double[][] BASE_Z = baseNodes(false), BASE_W = baseNodes(true);

    private NormalExpectation() {}

    /**
     * {@code E[f(sqrt(q) z)]} for z ~ N(0, 1).
     *
     * @param q the variance of h, finite and &gt;= 0
     * @param f the integrand, a function of h (called at points strictly between breakpoints,
     *        and at +-{@link Double#MIN_NORMAL} or 0 when q = 0)
     * @param breakpoints the h where f is not smooth, in any order (not modified); empty for a
     *        smooth f
     * @throws IllegalArgumentException if q is negative, infinite or NaN, or a breakpoint is not finite
     */
    public static double expect(double q, DoubleUnaryOperator f, double... breakpoints) {
        checkVariance(q);
        for (double k : breakpoints) {
            if (!Double.isFinite(k)) throw new IllegalArgumentException("breakpoint " + k + " is invalid; expected a finite h");
        }
        if (q == 0) return atZero(f, breakpoints);
        if (breakpoints.length == 0 && q <= HERMITE_MAX_Q) return HERMITE.expect(q, f);
        return composite(q, f, breakpoints, Z_MAX);
    }

    /**
     * {@link #expect} over |z| &lt;= {@value #Z_NESTED} only, for integrands that grow at most
     * polynomially (activations, their slopes and products of them): the normal tail beyond is
     * below 1e-22, and the rule a quarter of the full one. For nested expectations, whose cost
     * is the product of the two rules'.
     */
    static double expectNested(double q, DoubleUnaryOperator f, double... breakpoints) {
        if (q == 0) return atZero(f, breakpoints);
        if (breakpoints.length == 0 && q <= HERMITE_MAX_Q) return HERMITE.expect(q, f);
        return composite(q, f, breakpoints, Z_NESTED);
    }

    /**
     * The composite Gauss-Legendre rule of the class comment, whatever f's smoothness (package
     * access so that tests can compare it with the Gauss-Hermite path). Requires q &gt; 0.
     */
    static double composite(double q, DoubleUnaryOperator f, double[] breakpoints) {
        return composite(q, f, breakpoints, Z_MAX);
    }

    /** The composite rule over |z| &lt;= zMax, a multiple of the panel width up to {@value #Z_MAX}. */
    private static double composite(double q, DoubleUnaryOperator f, double[] breakpoints, double zMax) {
        double sd = Math.sqrt(q);
        double[] inner = innerCuts(sd, breakpoints);
        double sum = 0, carry = 0; // Neumaier summation over panels, in ascending z
        int c = 0;
        int skip = (int) Math.round((Z_MAX - zMax) / PANEL_WIDTH);
        for (int p = skip; p < BASE_PANELS - skip; p++) {
            double a = baseEdge(p), b = baseEdge(p + 1);
            while (c < inner.length && inner[c] <= a) c++;
            if (c == inner.length || inner[c] >= b) { // an unsplit panel: nodes and weights are cached
                double[] z = BASE_Z[p], w = BASE_W[p];
                double s = 0;
                for (int i = 0; i < z.length; i++) s += w[i] * f.applyAsDouble(sd * z[i]);
                double t = sum + s;
                carry += Math.abs(sum) >= Math.abs(s) ? (sum - t) + s : (s - t) + sum;
                sum = t;
                continue;
            }
            for (double lo = a; lo < b; ) {
                double hi = c < inner.length && inner[c] < b ? inner[c++] : b;
                double s = panel(lo, hi, sd, f);
                double t = sum + s;
                carry += Math.abs(sum) >= Math.abs(s) ? (sum - t) + s : (s - t) + sum;
                sum = t;
                lo = hi;
            }
        }
        return Double.isFinite(sum) ? sum + carry : sum; // an overflowed sum stays +-Infinity, not NaN from the carry
    }

    /** {@code int_a^b phi(z) f(sd z) dz}, phi the normal density, by one Gauss-Legendre panel. */
    private static double panel(double a, double b, double sd, DoubleUnaryOperator f) {
        double half = 0.5 * (b - a), mid = 0.5 * (a + b), s = 0;
        for (int i = 0; i < GL_NODES.length; i++) {
            double z = mid + half * GL_NODES[i];
            s += GL_WEIGHTS[i] * density(z) * f.applyAsDouble(sd * z);
        }
        return half * s;
    }

    /**
     * The z where base panels must be split, ascending and distinct, strictly inside
     * (-Z_MAX, Z_MAX): the breakpoints, and the h-grid where it is finer than the z-grid.
     */
    private static double[] innerCuts(double sd, double[] breakpoints) {
        // h-panels only where they are narrower in z than the base panels.
        int hCuts = sd > 1 ? 2 * (int) Math.round(H_RESOLVED / PANEL_WIDTH) + 1 : 0;
        double[] c = new double[hCuts + breakpoints.length];
        int n = 0;
        for (int j = 0; j < hCuts; j++) c[n++] = (-H_RESOLVED + j * PANEL_WIDTH) / sd;
        for (double k : breakpoints) c[n++] = k / sd;
        Arrays.sort(c, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            double z = c[i];
            if (!(z > -Z_MAX && z < Z_MAX)) continue; // beyond the truncation
            if (m > 0 && z == c[m - 1]) continue;
            c[m++] = z;
        }
        return Arrays.copyOf(c, m);
    }

    private static double baseEdge(int p) { return -Z_MAX + p * PANEL_WIDTH; }

    private static double[][] baseNodes(boolean weights) {
        double[][] out = new double[BASE_PANELS][GL_NODES.length];
        for (int p = 0; p < BASE_PANELS; p++) {
            double a = baseEdge(p), b = baseEdge(p + 1), half = 0.5 * (b - a), mid = 0.5 * (a + b);
            for (int i = 0; i < GL_NODES.length; i++) {
                double z = mid + half * GL_NODES[i];
                out[p][i] = weights ? half * GL_WEIGHTS[i] * density(z) : z;
            }
        }
        return out;
    }

    /** The q -&gt; 0 limit: f(0), or the mean of the one-sided values when 0 is a breakpoint. */
    private static double atZero(DoubleUnaryOperator f, double[] breakpoints) {
        for (double k : breakpoints) {
            if (k == 0) return 0.5 * (f.applyAsDouble(-Double.MIN_NORMAL) + f.applyAsDouble(Double.MIN_NORMAL));
        }
        return f.applyAsDouble(0);
    }

    private static double density(double z) { return INV_SQRT_2PI * StrictMath.exp(-0.5 * z * z); }

    /** Throws unless q is a finite variance. */
    static void checkVariance(double q) {
        if (!(q >= 0) || q == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("variance q = " + q + " is invalid; expected a finite q >= 0");
        }
    }
}
