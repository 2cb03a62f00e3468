package dev.vnlab.linalg.decomp;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.Workspace;
import dev.vnlab.linalg.kernel.Kernels;
import java.util.Arrays;

/**
 * Eigen-decomposition {@code A = V diag(lambda) V^T} of a real symmetric n x n matrix, float64,
 * the LAPACK way: blocked Householder reduction to tridiagonal form (dsytrd/dlatrd: panels of
 * {@link #BLOCK} reflectors, each needing one symmetric matrix-vector product with the trailing
 * matrix, then one rank-2*BLOCK update {@code A22 -= [V W] [W V]^T} by GEMM, of the tiles on and
 * above the diagonal only), followed by implicit QL on the tridiagonal matrix
 * ({@link TridiagonalEigen}; its root-free variant for the values alone). Eigenvectors, when
 * asked for, are the explicit orthogonal factor of the reduction rotated along with the QL sweeps.
 *
 * <p>Only the upper triangle of A is read (the contiguous side of row-major storage: LAPACK's
 * {@code uplo = 'L'} on the column-major transpose, as numpy passes it); A is not modified.
 * Every step is either sequential or a facade operation that is bit-identical for any thread
 * count, so the results are too.
 */
public final class SymmetricEigen {
    /** Reflectors per panel: LAPACK's block size for dsytrd. */
    static final int BLOCK = 32;

    private final double[] values;
    private final DoubleMatrix vectors;

    private SymmetricEigen(double[] values, DoubleMatrix vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * The eigenvalues of the symmetric matrix {@code a} (n x n, upper triangle read), ascending.
     * They come from the root-free QL iteration, which the eigenvectors cannot use, so they may
     * differ from {@link #decompose}'s values in the last bits (as LAPACK's dsterf and dsteqr do).
     */
    public static double[] values(DoubleMatrix a) { return values(a, Blas.defaults()); }

    /** {@link #values(DoubleMatrix)} with the given facade's workers and kernels. */
    public static double[] values(DoubleMatrix a, Blas blas) { return solve(a, blas, false).values; }

    /** Eigenvalues and eigenvectors of the symmetric matrix {@code a} (n x n, upper triangle read). */
    public static SymmetricEigen decompose(DoubleMatrix a) { return decompose(a, Blas.defaults()); }

    /** {@link #decompose(DoubleMatrix)} with the given facade's workers and kernels. */
    public static SymmetricEigen decompose(DoubleMatrix a, Blas blas) { return solve(a, blas, true); }

    /**
     * The singular values of a general m x n matrix, descending, min(m, n) of them: square roots of
     * the eigenvalues of the Gram matrix of the smaller side ({@code A^T A} or {@code A A^T}).
     * Squaring costs precision for singular values below about {@code sqrt(eps) * sigma_max},
     * which are accurate only in absolute terms (to about {@code eps * sigma_max^2 / sigma}).
     */
    public static double[] singularValues(DoubleMatrix a, Blas blas) {
        boolean wide = a.cols() > a.rows();
        int k = Math.min(a.rows(), a.cols());
        DoubleMatrix gram = new DoubleMatrix(k, k);
        if (wide) blas.gemm(Transpose.N, Transpose.T, 1.0, a, a, 0.0, gram); // A A^T
        else blas.syrk(1.0, a, 0.0, gram);                                    // A^T A
        double[] ev = values(gram, blas);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) s[i] = Math.sqrt(Math.max(0, ev[k - 1 - i]));
        return s;
    }

    /** The eigenvalues, ascending (a copy). */
    public double[] values() { return values.clone(); }

    /** The n x n matrix whose column j is the unit eigenvector of eigenvalue j (a copy). */
    public DoubleMatrix vectors() { return vectors.copy(); }

    private static SymmetricEigen solve(DoubleMatrix a, Blas blas, boolean wantVectors) {
        int n = a.rows();
        if (a.cols() != n) {
            throw new IllegalArgumentException("eigen-decomposition needs a square matrix; got " + a.rows() + "x" + a.cols());
        }
        if (n == 0) return new SymmetricEigen(new double[0], wantVectors ? new DoubleMatrix(0, 0) : null);
        // Scratch from the workspace, stale contents and all: the working copy's upper triangle
        // is written here and no result depends on what lies below its diagonal (the reduction
        // reads row suffixes only); the reflectors are read only where written (tau != 0).
        // The results (d and the vectors) are fresh arrays.
        double[] w = Workspace.acquire(Precision.DOUBLE, Math.multiplyExact(n, n));
        double[] vs = wantVectors ? Workspace.acquire(Precision.DOUBLE, n * n) : null;
        try {
            // The upper triangle, row suffix by row suffix (contiguous); a non-finite entry makes
            // its row's sum non-finite, so one vectorised sum per row finds it.
            for (int i = 0; i < n; i++) {
                int len = n - i;
                System.arraycopy(a.data(), a.index(i, i), w, i * n + i, len);
                if (!Double.isFinite(blas.kernels().sum(len, w, i * n + i))) {
                    for (int j = i; j < n; j++) {
                        if (!Double.isFinite(w[i * n + j])) {
                            throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + w[i * n + j] + "; expected a finite value");
                        }
                    }
                }
            }
            Tridiagonalization t = new Tridiagonalization(w, n, blas, vs);
            double[] d = t.d, e = t.e;
            if (!wantVectors) {
                TridiagonalEigen.values(d, e);
                return new SymmetricEigen(d, null);
            }
            // The reduced working copy is spent: Q goes into its array. QL rotates the rows of
            // Q^T: row j ends as Q z_j, eigenvector j of A.
            t.q(w);
            double[] qt = Workspace.acquire(Precision.DOUBLE, n * n);
            try {
                for (int i = 0; i < n; i++) Precision.DOUBLE.copy(w, i * n, 1, qt, i, n, n); // row i of Q into column i
                TridiagonalEigen.solve(d, e, qt, n, blas.kernels());
                return new SymmetricEigen(d, DoubleMatrix.wrap(qt, 0, n, n, n).transpose());
            } finally {
                Workspace.release(qt);
            }
        } finally {
            if (vs != null) Workspace.release(vs);
            Workspace.release(w);
        }
    }

    /**
     * {@code Q^T A Q = T} tridiagonal, with Q = H_0 ... H_{n-3} and H_j = I - tau_j v_j v_j^T;
     * v_j is zero above row j+1 and one at row j+1. Reads and keeps up to date only the upper
     * triangle of the n x n array, where row j right of the diagonal doubles as column j below it.
     */
    private static final class Tridiagonalization {
        final int n;
        final Blas blas;
        final double[] a;
        final double[] d, e, tau;
        /**
         * The reflectors, row j holding v_j from row j+1 on (for {@link #q}), in the caller's
         * n x n array; null for values only.
         */
        final double[] vs;

        Tridiagonalization(double[] a, int n, Blas blas, double[] vs) {
            this.a = a;
            this.n = n;
            this.blas = blas;
            this.d = new double[n];
            this.e = new double[Math.max(0, n - 1)];
            this.tau = new double[Math.max(0, n - 1)];
            this.vs = vs;
            // [V^T; W^T; V^T]: rows 0..2nb and nb..3nb are the two factors of the rank-2nb update.
            // Each panel zeroes or writes all it reads of these, so stale contents do no harm.
            double[] vwv = Workspace.acquire(Precision.DOUBLE, Math.multiplyExact(3 * BLOCK, n));
            double[] v = Workspace.acquire(Precision.DOUBLE, n), wv = Workspace.acquire(Precision.DOUBLE, n);
            try {
                for (int j0 = 0; j0 < n - 1; j0 += BLOCK) {
                    int nb = Math.min(BLOCK, n - 1 - j0);
                    panel(j0, nb, vwv, v, wv);
                    int t0 = j0 + nb, m = n - t0;
                    { // A22 -= V W^T + W V^T, as one GEMM of depth 2nb (m >= 1: the last diagonal too)
                        int ld = n - j0, off = t0 - j0;
                        System.arraycopy(vwv, 0, vwv, 2 * nb * ld, nb * ld);
                        Precision.DOUBLE.gemmUpper(blas, true, false, m, 2 * nb, -1.0,
                                vwv, off, ld, vwv, nb * ld + off, ld, 1.0, a, t0 * n + t0, n);
                    }
                }
            } finally {
                Workspace.release(wv);
                Workspace.release(v);
                Workspace.release(vwv);
            }
            d[n - 1] = a[(n - 1) * n + (n - 1)];
        }

        /**
         * Reduces columns j0..j0+nb-1 (dlatrd): leaves d, e, tau for them and V^T, W^T in the
         * first 2 nb rows of {@code vwv} (row stride n - j0, column 0 = global row j0), such that
         * the trailing matrix still needs {@code A22 -= V W^T + W V^T}. A column's reflector and
         * its product go through {@code v} and {@code wv}, each in its first m elements.
         */
        private void panel(int j0, int nb, double[] vwv, double[] v, double[] wv) {
            int ld = n - j0;
            Arrays.fill(vwv, 0, 2 * nb * ld, 0.0);
            Kernels k = blas.kernels();
            for (int i = 0; i < nb; i++) {
                int j = j0 + i, row = j * n;
                int len = n - j; // column j from the diagonal down: a[row + j .. row + n)
                // Bring column j up to date with the panel's earlier reflectors:
                // a[j:, j] -= V[j:, 0:i] W[j, 0:i]^T + W[j:, 0:i] V[j, 0:i]^T.
                for (int q = 0; q < i; q++) {
                    double wq = vwv[(nb + q) * ld + (j - j0)], vq = vwv[q * ld + (j - j0)];
                    if (wq != 0) k.axpy(len, -wq, vwv, q * ld + (j - j0), a, row + j);
                    if (vq != 0) k.axpy(len, -vq, vwv, (nb + q) * ld + (j - j0), a, row + j);
                }
                d[j] = a[row + j];
                // The reflector H_j that zeroes a[j+2:, j]; its v is stored in row i of V^T.
                int m = n - j - 1;
                double alpha = a[row + j + 1];
                double sigma = m > 1 ? k.dot(m - 1, a, row + j + 2, a, row + j + 2) : 0;
                int vOff = i * ld + (j + 1 - j0);
                if (sigma == 0) {
                    tau[j] = 0;
                    e[j] = alpha;
                    Arrays.fill(vwv, vOff, vOff + m, 0.0);
                    Arrays.fill(vwv, (nb + i) * ld + (j + 1 - j0), (nb + i) * ld + ld, 0.0);
                    continue;
                }
                double norm = Math.hypot(alpha, Math.sqrt(sigma));
                double beta = alpha >= 0 ? -norm : norm;
                tau[j] = (beta - alpha) / beta;
                e[j] = beta;
                double scale = 1.0 / (alpha - beta);
                vwv[vOff] = 1.0;
                for (int r = 1; r < m; r++) vwv[vOff + r] = a[row + j + 1 + r] * scale;
                if (vs != null) System.arraycopy(vwv, vOff, vs, row + j + 1, m);
                // w = tau (A22 v - W (V^T v) - V (W^T v)) - (tau/2)(w^T v) v, A22 = a[j+1:, j+1:].
                System.arraycopy(vwv, vOff, v, 0, m); // v and wv: buffers of at least n, reused column after column
                blas.symv(1.0, DoubleMatrix.wrap(a, (j + 1) * n + j + 1, m, m, n), v, 0, 0.0, wv, 0);
                for (int q = 0; q < i; q++) {
                    int vq = q * ld + (j + 1 - j0), wq = (nb + q) * ld + (j + 1 - j0);
                    double vtv = k.dot(m, vwv, vq, v, 0), wtv = k.dot(m, vwv, wq, v, 0);
                    if (vtv != 0) k.axpy(m, -vtv, vwv, wq, wv, 0);
                    if (wtv != 0) k.axpy(m, -wtv, vwv, vq, wv, 0);
                }
                double t = tau[j];
                for (int r = 0; r < m; r++) wv[r] *= t;
                double half = -0.5 * t * k.dot(m, wv, 0, v, 0);
                k.axpy(m, half, v, 0, wv, 0);
                int wOff = (nb + i) * ld;
                Arrays.fill(vwv, wOff, wOff + (j + 1 - j0), 0.0);
                System.arraycopy(wv, 0, vwv, wOff + (j + 1 - j0), m);
                Arrays.fill(vwv, i * ld, vOff, 0.0);
            }
        }

        /**
         * Writes the explicit n x n orthogonal Q (row-major) into {@code qm}, applying the
         * reflectors backwards to I; qm's previous contents are ignored.
         */
        void q(double[] qm) {
            Arrays.fill(qm, 0, n * n, 0.0); // the updates below rely on the zeros of I
            for (int i = 0; i < n; i++) qm[i * n + i] = 1;
            Kernels k = blas.kernels();
            double[] s = Workspace.acquire(Precision.DOUBLE, n);
            try {
                // Q = H_0 ... H_{n-3}: apply H_j from the left for j descending; H_j touches rows j+1.. .
                for (int j = n - 3; j >= 0; j--) {
                    if (tau[j] == 0) continue;
                    int r0 = j + 1, m = n - r0;
                    // s^T = v^T Q[r0:, r0:]; Q[r0:, r0:] -= tau v s^T (columns < r0 of these rows are still 0).
                    Arrays.fill(s, 0, m, 0.0);
                    for (int r = 0; r < m; r++) {
                        double vr = vs[j * n + r0 + r];
                        if (vr != 0) k.axpy(m, vr, qm, (r0 + r) * n + r0, s, 0);
                    }
                    for (int r = 0; r < m; r++) {
                        double f = -tau[j] * vs[j * n + r0 + r];
                        if (f != 0) k.axpy(m, f, s, 0, qm, (r0 + r) * n + r0);
                    }
                }
            } finally {
                Workspace.release(s);
            }
        }
    }
}
