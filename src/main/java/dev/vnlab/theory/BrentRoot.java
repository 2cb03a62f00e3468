package dev.vnlab.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's root finder (the zeroin algorithm: inverse quadratic interpolation and secant steps,
 * falling back to bisection whenever they would not shrink the bracket fast enough), so it
 * never leaves the bracket and converges at least as fast as bisection.
 */
final class BrentRoot {
    private static final double EPS = Math.ulp(1.0);
    private static final int MAX_ITERATIONS = 400;

    private BrentRoot() {}

    /**
     * A root of g in [a, b] to within {@code 2 eps |x| + absTol / 2}.
     *
     * @param ga g(a), already computed
     * @param gb g(b), already computed; of the opposite sign to ga, or one of them 0
     * @throws IllegalArgumentException if g(a) and g(b) have the same nonzero sign
     * @throws ArithmeticException if g returns NaN or the iteration does not converge
     */
    static double find(DoubleUnaryOperator g, double a, double b, double ga, double gb, double absTol) {
        if (ga == 0) return a;
        if (gb == 0) return b;
        if ((ga > 0) == (gb > 0)) {
            throw new IllegalArgumentException("g(" + a + ") = " + ga + " and g(" + b + ") = " + gb + " do not bracket a root; expected opposite signs");
        }
        double c = a, gc = ga, d = b - a, e = d;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            if (Math.abs(gc) < Math.abs(gb)) { // keep b the best estimate
                a = b; b = c; c = a;
                ga = gb; gb = gc; gc = ga;
            }
            double tol = 2 * EPS * Math.abs(b) + 0.5 * absTol;
            double m = 0.5 * (c - b);
            if (Math.abs(m) <= tol || gb == 0) return b;
            if (Math.abs(e) >= tol && Math.abs(ga) > Math.abs(gb)) {
                double s = gb / ga, p, q;
                if (a == c) { // secant
                    p = 2 * m * s;
                    q = 1 - s;
                } else { // inverse quadratic interpolation
                    double qq = ga / gc, r = gb / gc;
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
                    q = (qq - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q;
                else p = -p;
                if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
                    e = d;
                    d = p / q;
                } else { // interpolation would not shrink fast enough: bisect
                    d = m;
                    e = d;
                }
            } else {
                d = m;
                e = d;
            }
            a = b;
            ga = gb;
            b += Math.abs(d) > tol ? d : Math.copySign(tol, m);
            gb = g.applyAsDouble(b);
            if (Double.isNaN(gb)) throw new ArithmeticException("root finder met NaN at " + b);
            if (gb != 0 && (gb > 0) == (gc > 0)) { // the root lies between a and b now
                c = a;
                gc = ga;
                d = b - a;
                e = d;
            }
        }
        throw new ArithmeticException("root finder did not converge in " + MAX_ITERATIONS + " iterations on [" + b + ", " + c + "]");
    }
}
