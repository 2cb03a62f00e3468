package dev.vnlab.theory;

/**
 * A complex number, for the free-probability solvers (Stieltjes transforms off the real axis).
 * Immutable; not for hot loops.
 *
 * @param re the real part
 * @param im the imaginary part
 */
record Complex(double re, double im) {
    static final Complex ZERO = new Complex(0, 0), ONE = new Complex(1, 0);

    static Complex real(double x) { return new Complex(x, 0); }

    static Complex polar(double r, double theta) { return new Complex(r * Math.cos(theta), r * Math.sin(theta)); }

    Complex plus(Complex o) { return new Complex(re + o.re, im + o.im); }

    Complex plus(double x) { return new Complex(re + x, im); }

    Complex minus(Complex o) { return new Complex(re - o.re, im - o.im); }

    Complex times(Complex o) { return new Complex(re * o.re - im * o.im, re * o.im + im * o.re); }

    Complex times(double x) { return new Complex(re * x, im * x); }

    /** This divided by o (Smith's algorithm: no overflow for large parts). */
    Complex over(Complex o) {
        if (Math.abs(o.re) >= Math.abs(o.im)) {
            double r = o.im / o.re, d = o.re + o.im * r;
            return new Complex((re + im * r) / d, (im - re * r) / d);
        }
        double r = o.re / o.im, d = o.re * r + o.im;
        return new Complex((re * r + im) / d, (im * r - re) / d);
    }

    Complex inverse() { return ONE.over(this); }

    /** This to the integer power n &gt;= 0, by squaring. */
    Complex pow(int n) {
        Complex out = ONE, base = this;
        for (int k = n; k > 0; k >>= 1) {
            if ((k & 1) == 1) out = out.times(base);
            base = base.times(base);
        }
        return out;
    }

    double abs() { return Math.hypot(re, im); }

    boolean isFinite() { return Double.isFinite(re) && Double.isFinite(im); }
}
