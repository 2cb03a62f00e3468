package dev.vnlab.spectrum;

import dev.vnlab.linalg.decomp.TridiagonalEigen;
import dev.vnlab.linalg.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * The symmetric Lanczos process from many start vectors at once, with full reorthogonalisation,
 * turned into one Gauss quadrature per start vector ({@link RitzQuadrature}): the tridiagonal
 * {@code T = Q^T A Q} of m steps, its eigenvalues as nodes and the squared first components of
 * its eigenvectors as weights (Golub and Meurant's route from Lanczos to quadrature).
 *
 * <p>All start vectors advance together, so each step is one call of the operator on the whole
 * block (one GEMM per layer for a Jacobian). Each new vector is orthogonalised against every
 * earlier one of its row, twice (Gram-Schmidt twice is orthogonal to working precision), in
 * double: without it, rounding makes converged Ritz values reappear as spurious copies and biases
 * the weights. A row whose next vector vanishes (below {@link #BREAKDOWN} of the largest
 * coefficient of its tridiagonal) has exhausted its Krylov space: it stops there, and its
 * quadrature is exact. Memory: m vectors of n doubles per row.
 */
public final class Lanczos {
    /** A row stops when its residual norm is below this fraction of its largest coefficient. */
    static final double BREAKDOWN = 1e-12;

    private Lanczos() {}

    /**
     * {@code min(steps, n)} Lanczos steps from each row of {@code starts}.
     *
     * @param a the operator, n = a.size()
     * @param starts rows x n, row-major, each row nonzero with a finite squared norm (its length does not matter otherwise); not modified
     * @param rows the number of start vectors, at least 1
     * @param steps the Lanczos steps per row, at least 1 (more than n are not taken: n steps span every Krylov space)
     * @param kernels the dot products and updates of the reorthogonalisation (results depend on these and on the operator only)
     * @return one quadrature per row, in order
     * @throws IllegalArgumentException if rows or steps is below 1, starts is not rows x n, a start row is
     *         zero or not finite, or the operator returns a value that is not finite
     */
    public static List<RitzQuadrature> run(SymmetricOperator a, double[] starts, int rows, int steps, Kernels kernels) {
        Run run = tridiagonals(a, starts, rows, steps, kernels);
        List<RitzQuadrature> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) out.add(quadrature(run.alpha[r], run.beta[r], run.length[r]));
        return out;
    }

    /**
     * A block run: row r's tridiagonal (alpha[r][0..length[r]), beta[r][0..length[r] - 1)), its
     * orthonormal basis (length[r] vectors of n, row-major) and the norm of the residual after its
     * last step (0 where the Krylov space was exhausted).
     */
    record Run(int n, double[][] alpha, double[][] beta, int[] length, double[][] basis, double[] residual) {}

    /** The Lanczos run of {@link #run}, keeping the bases. */
    static Run tridiagonals(SymmetricOperator a, double[] starts, int rows, int steps, Kernels kernels) {
        int n = a.size();
        if (n < 1) throw new IllegalArgumentException("the operator is " + n + " x " + n + "; expected at least 1 x 1");
        if (rows < 1) throw new IllegalArgumentException("start vectors: " + rows + "; expected at least 1");
        if (steps < 1) throw new IllegalArgumentException("Lanczos steps: " + steps + "; expected at least 1");
        if (starts.length != (long) rows * n) {
            throw new IllegalArgumentException("start vectors hold " + starts.length + " values; expected " + rows + " rows of " + n);
        }
        int m = Math.min(steps, n);
        double[][] basis = new double[rows][Math.multiplyExact(m, n)];
        double[][] alpha = new double[rows][m], beta = new double[rows][m];
        int[] length = new int[rows];
        double[] scale = new double[rows], residual = new double[rows];
        boolean[] live = new boolean[rows];
        double[] q = new double[rows * n], w = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            double norm = Math.sqrt(kernels.sumSquares(n, starts, r * n));
            if (!(norm > 0) || !Double.isFinite(norm)) {
                throw new IllegalArgumentException("start vector " + r + " has norm " + norm + "; expected a nonzero vector of finite values");
            }
            for (int i = 0; i < n; i++) q[r * n + i] = starts[r * n + i] / norm;
            System.arraycopy(q, r * n, basis[r], 0, n);
            live[r] = true;
        }
        for (int j = 0, alive = rows; j < m && alive > 0; j++) {
            a.apply(q, w, rows);
            for (int r = 0; r < rows; r++) {
                if (!live[r]) continue;
                int off = r * n;
                double[] v = basis[r];
                double ar = kernels.dot(n, v, j * n, w, off);
                if (!Double.isFinite(ar)) {
                    throw new IllegalArgumentException("the operator gave a value that is not finite (" + ar + ") for row " + r + " at Lanczos step " + (j + 1)
                            + "; expected finite products");
                }
                kernels.axpy(n, -ar, v, j * n, w, off);
                if (j > 0) kernels.axpy(n, -beta[r][j - 1], v, (j - 1) * n, w, off);
                for (int pass = 0; pass < 2; pass++) {
                    for (int k = 0; k <= j; k++) kernels.axpy(n, -kernels.dot(n, v, k * n, w, off), v, k * n, w, off);
                }
                double br = Math.sqrt(kernels.sumSquares(n, w, off));
                alpha[r][j] = ar;
                length[r] = j + 1;
                scale[r] = Math.max(scale[r], Math.max(Math.abs(ar), br));
                residual[r] = br;
                if (j == m - 1) continue;
                if (br <= BREAKDOWN * scale[r]) { // the Krylov space is exhausted: T is exact
                    residual[r] = 0;
                    live[r] = false;
                    alive--;
                    java.util.Arrays.fill(q, off, off + n, 0);
                    continue;
                }
                beta[r][j] = br;
                for (int i = 0; i < n; i++) q[off + i] = w[off + i] / br;
                System.arraycopy(q, off, v, (j + 1) * n, n);
            }
        }
        return new Run(n, alpha, beta, length, basis, residual);
    }

    /**
     * Row r's Ritz pairs from the largest Ritz value down, as long as each is converged: its
     * residual {@code ||A y - theta y|| = residual |s_last|} at most {@code tolerance} times the
     * largest |Ritz value|; at most {@code max} of them.
     *
     * @return {values, descending; vectors, one row of n each, orthonormal}
     */
    static double[][] convergedTop(Run run, int r, double tolerance, int max, Kernels kernels) {
        int len = run.length[r], n = run.n;
        double[] d = java.util.Arrays.copyOf(run.alpha[r], len);
        double[] s = new double[len * len];
        for (int i = 0; i < len; i++) s[i * len + i] = 1; // rotated along: row j ends as eigenvector j
        TridiagonalEigen.solve(d, java.util.Arrays.copyOf(run.beta[r], Math.max(0, len - 1)), s, len, kernels);
        double scale = Math.max(Math.abs(d[0]), Math.abs(d[len - 1]));
        int k = 0;
        while (k < Math.min(max, len) && run.residual[r] * Math.abs(s[(len - 1 - k) * len + len - 1]) <= tolerance * scale) k++;
        double[] values = new double[k], vectors = new double[k * n];
        for (int c = 0; c < k; c++) {
            int j = len - 1 - c;
            values[c] = d[j];
            for (int i = 0; i < len; i++) kernels.axpy(n, s[j * len + i], run.basis[r], i * n, vectors, c * n);
        }
        return new double[][] {values, vectors};
    }

    /** Nodes and weights of the tridiagonal with diagonal alpha[0..len) and off-diagonal beta[0..len-1). */
    static RitzQuadrature quadrature(double[] alpha, double[] beta, int len) {
        double[][] rule = TridiagonalEigen.gaussRule(java.util.Arrays.copyOf(alpha, len), java.util.Arrays.copyOf(beta, Math.max(0, len - 1)));
        return new RitzQuadrature(rule[0], rule[1]);
    }
}
