package dev.vnlab.linalg.decomp;

import java.util.Arrays;

/**
 * Eigenvalues only of a real symmetric tridiagonal matrix by the root-free implicit QL iteration
 * of Pal, Walker and Kahan (the scheme of LAPACK's dsterf): it works on the squares of the
 * off-diagonal, so a step of a sweep takes two independent divisions and no square root, where
 * the rotations of {@link TridiagonalEigen#solve} need a square root and two divisions in a row.
 * Each unreduced block is swept from its end of smaller magnitude (QL from the top, or QL on the
 * reversed block, which is QR from the bottom) and its last two eigenvalues come from the closed
 * form of a 2 x 2 matrix.
 */
final class RootFreeQl {
    private static final double EPS = Math.ulp(1.0) / 2;
    private static final double EPS2 = EPS * EPS;
    /**
     * A block whose largest entry lies outside [2^-407, 2^509] is first scaled by a power of two
     * (exactly), so that squares neither overflow nor lose the entries that decide deflation.
     */
    private static final double SCALE_BELOW = 0x1p-407, SCALE_ABOVE = 0x1p509;

    private RootFreeQl() {}

    /**
     * @param d the n diagonal entries; overwritten by the eigenvalues, ascending
     * @param e the n - 1 off-diagonal entries; destroyed
     * @param maxSweeps sweeps allowed per eigenvalue
     * @param localSweeps sweeps on one eigenvalue after which an off-diagonal below an ulp of the
     *        whole matrix's scale also splits it (see {@link TridiagonalEigen#solve})
     */
    static void eigenvalues(double[] d, double[] e, int maxSweeps, int localSweeps) {
        int n = d.length;
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]) + (i < n - 1 ? Math.abs(e[i]) : 0));
        double negligible = Math.ulp(scale);
        for (int lo = 0; lo < n; ) {
            int hi = lo; // the unreduced block lo..hi ends at the first off-diagonal small against its neighbours
            while (hi < n - 1 && !(Math.abs(e[hi]) <= EPS * Math.sqrt(Math.abs(d[hi])) * Math.sqrt(Math.abs(d[hi + 1])))) hi++;
            if (hi > lo) block(d, e, lo, hi, negligible, maxSweeps, localSweeps);
            lo = hi + 1;
        }
        Arrays.sort(d, 0, n);
    }

    /** All eigenvalues of the unreduced block lo..hi (hi > lo) into d[lo..hi], in no order. */
    private static void block(double[] d, double[] e, int lo, int hi, double negligible, int maxSweeps, int localSweeps) {
        double max = 0;
        for (int i = lo; i <= hi; i++) max = Math.max(max, Math.abs(d[i]));
        for (int i = lo; i < hi; i++) max = Math.max(max, Math.abs(e[i]));
        if (max == 0) return;
        int shift = max > SCALE_ABOVE || max < SCALE_BELOW ? -Math.getExponent(max) : 0;
        if (shift != 0) {
            for (int i = lo; i <= hi; i++) d[i] = Math.scalb(d[i], shift);
            negligible = Math.min(Math.scalb(negligible, shift), 0x1p500);
        }
        for (int i = lo; i < hi; i++) {
            double x = shift != 0 ? Math.scalb(e[i], shift) : e[i];
            e[i] = x * x;
        }
        if (Math.abs(d[hi]) < Math.abs(d[lo])) reverse(d, e, lo, hi); // sweep from the smaller end
        double negligible2 = negligible * negligible;
        for (int l = lo; l <= hi; ) {
            int sweeps = 0;
            while (true) {
                int m = l;
                for (; m < hi; m++) {
                    if (e[m] <= EPS2 * Math.abs(d[m] * d[m + 1]) || (sweeps >= localSweeps && e[m] <= negligible2)) break;
                }
                if (m < hi) e[m] = 0; // the block splits after m
                if (m == l) { // d[l] is an eigenvalue
                    l++;
                    break;
                }
                if (m == l + 1) { // a 2 x 2 block: its closed form
                    twoByTwo(d, l, Math.sqrt(e[l]));
                    e[l] = 0;
                    l += 2;
                    break;
                }
                if (++sweeps > maxSweeps) {
                    throw new ArithmeticException("tridiagonal QL did not converge for eigenvalue " + l + " after " + maxSweeps
                            + " sweeps; the input likely holds NaN or Inf");
                }
                sweep(d, e, l, m);
            }
        }
        if (shift != 0) for (int i = lo; i <= hi; i++) d[i] = Math.scalb(d[i], -shift);
    }

    /**
     * One shifted QL sweep over the unreduced block l..m, e holding squared off-diagonals: the
     * Wilkinson shift from the top 2 x 2, then the chase from the bottom up.
     */
    private static void sweep(double[] d, double[] e, int l, int m) {
        double rte = Math.sqrt(e[l]);
        double g = (d[l + 1] - d[l]) / (2 * rte);
        double sigma = d[l] - rte / (g + Math.copySign(TridiagonalEigen.hypot(g, 1), g));
        double c = 1, s = 0, gamma = d[m] - sigma, p = gamma * gamma;
        for (int i = m - 1; i >= l; i--) {
            double bb = e[i], r = p + bb;
            if (i != m - 1) e[i + 1] = s * r;
            double oldC = c, oldGamma = gamma, alpha = d[i];
            c = p / r;
            s = bb / r;
            gamma = c * (alpha - sigma) - s * oldGamma;
            d[i + 1] = oldGamma + (alpha - gamma);
            p = c != 0 ? gamma * gamma / c : oldC * bb;
        }
        e[l] = s * p;
        d[l] = sigma + gamma;
    }

    /**
     * The eigenvalues of [[d[l], b], [b, d[l+1]]] into d[l] (larger magnitude) and d[l+1]; the
     * smaller from the product of the two (the determinant), not their difference, which cancels.
     */
    static void twoByTwo(double[] d, int l, double b) {
        double a = d[l], c = d[l + 1];
        double sum = a + c, root = TridiagonalEigen.hypot(a - c, 2 * b);
        boolean aLarger = Math.abs(a) > Math.abs(c);
        double larger = aLarger ? a : c, smaller = aLarger ? c : a;
        double rt1, rt2;
        if (sum != 0) {
            rt1 = 0.5 * (sum + Math.copySign(root, sum));
            rt2 = (larger / rt1) * smaller - (b / rt1) * b;
        } else {
            rt1 = 0.5 * root;
            rt2 = -0.5 * root;
        }
        d[l] = rt1;
        d[l + 1] = rt2;
    }

    /** Turns the block lo..hi upside down: d[lo..hi] and e[lo..hi-1] in reverse order. */
    private static void reverse(double[] d, double[] e, int lo, int hi) {
        reverse(d, lo, hi);
        reverse(e, lo, hi - 1);
    }

    /** x[lo..hi] in reverse order. */
    private static void reverse(double[] x, int lo, int hi) {
        for (int i = lo, j = hi; i < j; i++, j--) {
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }
}
