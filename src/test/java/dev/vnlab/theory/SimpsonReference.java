package dev.vnlab.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * An independent reference for the quadrature under test: adaptive Simpson with Richardson
 * correction, on Math.exp rather than StrictMath, with none of the production code.
 */
final class SimpsonReference {
    private static final double Z_RANGE = 12; // the normal density is below 1e-32 beyond
    private static final int PIECES = 96;

    private SimpsonReference() {}

    /** {@code E[f(sqrt(q) z)]}, z ~ N(0, 1), with the z-range also split at h = breaks (q &gt; 0). */
    static double normalExpectation(double q, DoubleUnaryOperator f, double... breaks) {
        return normalExpectation(1e-17, q, f, breaks);
    }

    /** As {@link #normalExpectation(double, DoubleUnaryOperator, double...)}, to a given tolerance per piece. */
    static double normalExpectation(double tol, double q, DoubleUnaryOperator f, double... breaks) {
        double sd = Math.sqrt(q);
        DoubleUnaryOperator g = z -> f.applyAsDouble(sd * z) * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        java.util.TreeSet<Double> cuts = new java.util.TreeSet<>();
        for (int i = 0; i <= PIECES; i++) cuts.add(-Z_RANGE + 2 * Z_RANGE * i / PIECES);
        // resolve the scale 1/sqrt(q) of f(sqrt(q) z) near 0 as well
        for (int i = -64; i <= 64; i++) if (Math.abs(i * 0.25 / sd) < Z_RANGE) cuts.add(i * 0.25 / sd);
        for (double b : breaks) if (Math.abs(b / sd) < Z_RANGE) cuts.add(b / sd);
        double sum = 0;
        Double prev = null;
        for (double c : cuts) {
            if (prev != null) sum += integrate(g, prev, c, tol);
            prev = c;
        }
        return sum;
    }

    /** {@code int_a^b g} by adaptive Simpson to an absolute tolerance. */
    static double integrate(DoubleUnaryOperator g, double a, double b, double tol) {
        double fa = g.applyAsDouble(a), fb = g.applyAsDouble(b), m = 0.5 * (a + b), fm = g.applyAsDouble(m);
        return refine(g, a, b, fa, fm, fb, (b - a) / 6 * (fa + 4 * fm + fb), tol, 40);
    }

    private static double refine(DoubleUnaryOperator g, double a, double b, double fa, double fm, double fb, double whole, double tol, int depth) {
        double m = 0.5 * (a + b), flm = g.applyAsDouble(0.5 * (a + m)), frm = g.applyAsDouble(0.5 * (m + b));
        double left = (m - a) / 6 * (fa + 4 * flm + fm), right = (b - m) / 6 * (fm + 4 * frm + fb);
        double delta = left + right - whole;
        if (depth == 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
        return refine(g, a, m, fa, flm, fm, left, tol / 2, depth - 1) + refine(g, m, b, fm, frm, fb, right, tol / 2, depth - 1);
    }
}
