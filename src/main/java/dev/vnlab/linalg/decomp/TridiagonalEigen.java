package dev.vnlab.linalg.decomp;

import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import java.util.Arrays;

/**
 * Eigenvalues (and optionally eigenvector components) of a real symmetric tridiagonal matrix by
 * the implicit QL algorithm with Wilkinson-style shifts (the EISPACK tql2 scheme), float64;
 * {@link #values} takes the eigenvalues alone by its root-free variant. O(n^2) for values;
 * eigenvector components are obtained by rotating the rows of a caller-supplied n x r matrix along with the QL sweeps (rows, so each rotation runs over two
 * contiguous arrays rather than down two columns).
 */
public final class TridiagonalEigen {
    /** QL sweeps allowed per eigenvalue before giving up. */
    private static final int MAX_SWEEPS = 60;
    /** Sweeps on one eigenvalue after which an off-diagonal negligible against the whole matrix also splits it. */
    private static final int LOCAL_SWEEPS = 10;

    private TridiagonalEigen() {}

    /**
     * The eigenvalues only, by the root-free variant of the same QL iteration (no square root per
     * rotation): faster, and equal to {@link #solve}'s values to rounding (within 8 n ulps of the
     * matrix's norm on the random, graded and zero-diagonal matrices of the tests), not bit for bit.
     *
     * @param d the n diagonal entries; overwritten by the eigenvalues, ascending
     * @param e the n - 1 off-diagonal entries (e[i] couples i and i+1); destroyed
     * @throws IllegalArgumentException if an entry is NaN or infinite
     * @throws ArithmeticException if an eigenvalue does not converge
     */
    public static void values(double[] d, double[] e) {
        int n = d.length;
        if (e.length < Math.max(0, n - 1)) {
            throw new IllegalArgumentException("off-diagonal has " + e.length + " entries; expected " + (n - 1));
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(d[i])) throw new IllegalArgumentException("diagonal entry " + i + " is " + d[i] + "; expected a finite value");
            if (i < n - 1 && !Double.isFinite(e[i])) {
                throw new IllegalArgumentException("off-diagonal entry " + i + " is " + e[i] + "; expected a finite value");
            }
        }
        RootFreeQl.eigenvalues(d, e, MAX_SWEEPS, LOCAL_SWEEPS);
    }

    /**
     * The Gauss quadrature rule of a Jacobi matrix (Golub and Welsch): the nodes are its
     * eigenvalues, the weights the squared first components of its normalised eigenvectors
     * (summing to 1 to rounding). Rotations carry one component each, so they run on the scalar
     * kernels, whose rotation has the SIMD one's bits.
     *
     * @param diagonal the n diagonal entries; not modified
     * @param offDiagonal the n - 1 off-diagonal entries; not modified
     * @return {nodes ascending, weights}, each of length n
     * @throws IllegalArgumentException if the lengths do not match
     * @throws ArithmeticException if an eigenvalue does not converge (NaN or Inf in the input)
     */
    public static double[][] gaussRule(double[] diagonal, double[] offDiagonal) {
        int n = diagonal.length;
        if (offDiagonal.length != Math.max(0, n - 1)) {
            throw new IllegalArgumentException("off-diagonal has " + offDiagonal.length + " entries; expected " + Math.max(0, n - 1));
        }
        double[] d = diagonal.clone();
        double[] z = new double[n];
        if (n > 0) z[0] = 1; // the first row of the identity, rotated along: z[k] ends as eigenvector k's first component
        solve(d, offDiagonal.clone(), z, 1, KernelProvider.scalar());
        double[] w = new double[n];
        for (int k = 0; k < n; k++) w[k] = z[k] * z[k];
        return new double[][] {d, w};
    }

    /**
     * Diagonalises in place: on return {@code d} holds the eigenvalues in ascending order.
     *
     * @param d the n diagonal entries; overwritten by the eigenvalues, ascending
     * @param e the n - 1 off-diagonal entries (e[i] couples i and i+1); destroyed
     * @param zt null, or an n x r row-major matrix whose rows are rotated along: start from the
     *        first r columns of the identity and row j ends as the first r components of
     *        eigenvector j (r = 1 gives what Golub-Welsch needs; r = n gives every vector; start
     *        from Q^T instead, and row j ends as Q times eigenvector j)
     * @param kernels rotate the rows of zt (unused when zt is null)
     * @throws ArithmeticException if an eigenvalue does not converge (NaN or Inf in the input)
     */
    public static void solve(double[] d, double[] e, double[] zt, int ztRows, Kernels kernels) {
        int n = d.length;
        if (e.length < Math.max(0, n - 1)) {
            throw new IllegalArgumentException("off-diagonal has " + e.length + " entries; expected " + (n - 1));
        }
        if (zt != null && zt.length < (long) ztRows * n) {
            throw new IllegalArgumentException("rotation matrix has " + zt.length + " entries; expected " + n + "x" + ztRows);
        }
        if (n == 0) return;
        double[] off = Arrays.copyOf(e, n); // off[n-1] = 0 as a sentinel
        off[n - 1] = 0;
        // Once the local test has stalled for LOCAL_SWEEPS sweeps, an off-diagonal below an ulp of
        // the matrix's scale counts as negligible too (EISPACK tql2's test, backward stable): a
        // cluster of rounding-level eigenvalues beside large ones (the Gram matrix of a
        // rank-deficient matrix) never meets the local test alone. Applied only then, so that
        // graded matrices keep the local test's relative accuracy wherever it converges.
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]) + Math.abs(off[i]));
        double negligible = Math.ulp(scale);
        for (int l = 0; l < n; l++) {
            int sweeps = 0;
            while (true) {
                int m = l;
                for (; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    double a = Math.abs(off[m]);
                    if (a <= Math.ulp(dd) || (sweeps >= LOCAL_SWEEPS && a <= negligible)) break; // negligible: the matrix splits here
                }
                if (m == l) break;
                if (++sweeps > MAX_SWEEPS) {
                    throw new ArithmeticException("tridiagonal QL did not converge for eigenvalue " + l + " after " + MAX_SWEEPS
                            + " sweeps; the input likely holds NaN or Inf");
                }
                double g = (d[l + 1] - d[l]) / (2 * off[l]);
                double r = hypot(g, 1);
                g = d[m] - d[l] + off[l] / (g + Math.copySign(r, g));
                double s = 1, c = 1, p = 0;
                int i = m - 1;
                boolean underflow = false;
                for (; i >= l; i--) {
                    double f = s * off[i], b = c * off[i];
                    r = hypot(f, g);
                    off[i + 1] = r;
                    if (r == 0) { // recover from underflow: deflate and restart
                        d[i + 1] -= p;
                        off[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    if (zt != null) { // rows i and i+1: (z_i, z_{i+1}) := (c z_i - s z_{i+1}, s z_i + c z_{i+1})
                        kernels.rot(ztRows, c, -s, zt, (i + 1) * ztRows, zt, i * ztRows);
                    }
                }
                if (underflow) continue;
                d[l] -= p;
                off[l] = g;
                off[m] = 0;
            }
        }
        sortAscending(d, zt, ztRows, n);
    }

    /**
     * sqrt(a^2 + b^2) without Math.hypot's cost (fdlibm in Java, not intrinsified; it dominated
     * the QL sweeps): where neither square can overflow or lose the larger one to underflow,
     * the plain formula is within one ulp; elsewhere Math.hypot.
     */
    static double hypot(double a, double b) {
        double big = Math.max(Math.abs(a), Math.abs(b));
        return big > 0x1p-500 && big < 0x1p500 ? Math.sqrt(a * a + b * b) : Math.hypot(a, b);
    }

    private static void sortAscending(double[] d, double[] zt, int rows, int n) {
        for (int i = 0; i < n - 1; i++) { // selection sort: O(n^2) like the solver, few swaps
            int min = i;
            for (int j = i + 1; j < n; j++) if (d[j] < d[min]) min = j;
            if (min == i) continue;
            double t = d[i];
            d[i] = d[min];
            d[min] = t;
            if (zt != null) {
                for (int k = 0; k < rows; k++) {
                    double z = zt[i * rows + k];
                    zt[i * rows + k] = zt[min * rows + k];
                    zt[min * rows + k] = z;
                }
            }
        }
    }
}
