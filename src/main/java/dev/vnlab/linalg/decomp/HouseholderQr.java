package dev.vnlab.linalg.decomp;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.Workspace;

/**
 * Blocked Householder QR, {@code A = Q R}, of an m x n matrix in float32 or float64: LAPACK's
 * geqrf/orgqr scheme (panels of {@link #BLOCK} columns factored one reflector at a time, then
 * applied to the rest as a compact-WY block reflector {@code I - V T V^T} through three GEMMs).
 *
 * <p>The factorisation works on a transposed copy, so that every Householder vector is a
 * contiguous row and the panel's dot/axpy steps run on the vector kernels. With k = min(m, n):
 * {@link #r()} is k x n upper-trapezoidal, {@link #q()} is m x k with orthonormal columns, and
 * the diagonal of R carries the sign LAPACK gives it (not necessarily positive).
 *
 * @param <M> {@link FloatMatrix} or {@link DoubleMatrix}
 */
public final class HouseholderQr<M> {
    /** Columns per panel: the width of the block reflectors. */
    static final int BLOCK = 48;

    private final Factorization<?, M> f;

    private HouseholderQr(Factorization<?, M> f) { this.f = f; }

    /** Factors {@code a} (not modified) on the default facade. */
    public static HouseholderQr<DoubleMatrix> factor(DoubleMatrix a) { return factor(a, Blas.defaults()); }

    /** Factors {@code a} (not modified) with the given facade's workers and kernels. */
    public static HouseholderQr<DoubleMatrix> factor(DoubleMatrix a, Blas blas) {
        return new HouseholderQr<>(new Factorization<>(Precision.DOUBLE, a, blas));
    }

    /** Factors {@code a} (not modified) on the default facade. */
    public static HouseholderQr<FloatMatrix> factor(FloatMatrix a) { return factor(a, Blas.defaults()); }

    /** Factors {@code a} (not modified) with the given facade's workers and kernels. */
    public static HouseholderQr<FloatMatrix> factor(FloatMatrix a, Blas blas) {
        return new HouseholderQr<>(new Factorization<>(Precision.FLOAT, a, blas));
    }

    /**
     * Factors another m x n matrix {@code a} (not modified) into this factorization's own storage,
     * as EJML's decompositions are reused: the previous factors are gone, and with {@link #q(Object)}
     * and {@link #r(Object)} into reused matrices a QR per call allocates nothing of size m n.
     *
     * @return this
     * @throws IllegalArgumentException if {@code a} is not m x n
     */
    public HouseholderQr<M> refactor(M a) {
        f.load(f.checkShape("A", a, f.m, f.n));
        return this;
    }

    /** Rows m of A. */
    public int rows() { return f.m; }

    /** Columns n of A. */
    public int cols() { return f.n; }

    /** The k x n upper-trapezoidal factor R, k = min(m, n): a new matrix. */
    public M r() { return f.r(f.p.matrix(f.k, f.n)); }

    /**
     * {@link #r()} written into {@code into} (k x n, every element overwritten), for a caller
     * that reuses its output matrix.
     *
     * @return {@code into}
     * @throws IllegalArgumentException if {@code into} is not k x n
     */
    public M r(M into) { return f.r(f.checkShape("R", into, f.k, f.n)); }

    /** The m x k factor Q with orthonormal columns, k = min(m, n): a new matrix. */
    public M q() { return f.q(f.p.matrix(f.m, f.k)); }

    /**
     * {@link #q()} written into {@code into} (m x k, every element overwritten), for a caller
     * that reuses its output matrix.
     *
     * @return {@code into}
     * @throws IllegalArgumentException if {@code into} is not m x k
     */
    public M q(M into) { return f.q(f.checkShape("Q", into, f.m, f.k)); }

    /** The diagonal of R, k values. */
    public double[] rDiagonal() { return f.rDiagonal(); }

    /**
     * The least-squares solution X (n x r) of {@code A X = B} for B m x r, m >= n and A of full
     * column rank: {@code X = R^-1 Q^T B}, without forming Q.
     *
     * @throws IllegalArgumentException if B's rows differ from m, or m &lt; n
     * @throws ArithmeticException if A is rank-deficient: some |R[i][i]| is at most
     *         {@code max|R[j][j]| * max(m, n) * epsilon} (LAPACK's and numpy's default cut-off)
     */
    public M solve(M b) { return f.solve(b); }

    /**
     * The algorithm, generic over the array type A. Its scratch (panel buffers, Q^T, B^T) comes
     * from the {@link Workspace} and goes back before each method returns; only {@link #w},
     * the factorization itself, is kept.
     */
    static final class Factorization<A, M> {
        final Precision<A, M> p;
        final Blas blas;
        final int m, n, k;
        /** A^T (n x m, row-major, rows {@link #ld} apart): row j holds column j of A, then R above and v_j below the diagonal. */
        final A w;
        /**
         * The distance between rows of {@link #w} and of Q^T: m, or m plus one cache line when a
         * row would be a multiple of 2 KiB long. Rows a power of two apart fall into the same few
         * L1 sets, and every GEMM that reads W by columns conflicts with itself: QR of n = 1024
         * took 68 ms against 56 ms for n = 1032, which has more work. The padding is never read.
         */
        final int ld;
        final double[] tau;

        Factorization(Precision<A, M> p, M a, Blas blas) {
            this.p = p;
            this.blas = blas;
            this.m = p.rows(a);
            this.n = p.cols(a);
            this.k = Math.min(m, n);
            this.ld = paddedStride(p, m);
            this.w = p.alloc(Math.multiplyExact(ld, n));
            this.tau = new double[k];
            load(a);
        }

        /** Copies {@code a} (m x n) into {@link #w}, transposed, and factors it there. */
        void load(M a) {
            A src = p.data(a);
            for (int i = 0; i < m; i++) p.copy(src, p.offset(a) + i * p.stride(a), 1, w, i, ld, n);
            factor();
        }

        /**
         * The panels and their block updates. The scratch's stale contents do no harm:
         * {@link #blockReflector} writes all of V and T it uses, and the GEMMs with beta = 0
         * overwrite X and Y.
         */
        private void factor() {
            A vr = Workspace.acquire(p, BLOCK * m), t = Workspace.acquire(p, BLOCK * BLOCK);
            A x = Workspace.acquire(p, Math.max(1, n) * BLOCK), y = Workspace.acquire(p, Math.max(1, n) * BLOCK);
            try {
                for (int j0 = 0; j0 < k; j0 += BLOCK) {
                    int nb = Math.min(BLOCK, k - j0);
                    panel(j0, nb);
                    int trail = n - j0 - nb;
                    if (trail > 0) {
                        int mm = m - j0;
                        blockReflector(j0, nb, vr, t);
                        A wt = w;
                        int wOff = (j0 + nb) * ld + j0;
                        // W_trail = W_trail (I - V T V^T): X = W_trail V, Y = X T, W_trail -= Y V^T.
                        p.gemm(blas, false, true, trail, nb, mm, 1.0, wt, wOff, ld, vr, 0, mm, 0.0, x, 0, nb);
                        p.gemm(blas, false, false, trail, nb, nb, 1.0, x, 0, nb, t, 0, nb, 0.0, y, 0, nb);
                        p.gemm(blas, false, false, trail, mm, nb, -1.0, y, 0, nb, vr, 0, mm, 1.0, wt, wOff, ld);
                    }
                }
            } finally {
                Workspace.release(y);
                Workspace.release(x);
                Workspace.release(t);
                Workspace.release(vr);
            }
        }

        /** Unblocked Householder on rows j0..j0+nb-1 of W (columns of A), within the panel only. */
        private void panel(int j0, int nb) {
            for (int j = j0; j < j0 + nb; j++) {
                int row = j * ld;
                int len = m - j - 1; // entries below the diagonal
                double alpha = p.get(w, row + j);
                double sigma = len > 0 ? p.dot(blas.kernels(), len, w, row + j + 1, w, row + j + 1) : 0;
                if (sigma == 0) {
                    tau[j] = 0; // already upper-triangular in this column: H = I
                    continue;
                }
                double norm = Math.hypot(alpha, Math.sqrt(sigma));
                double beta = alpha >= 0 ? -norm : norm;
                tau[j] = (beta - alpha) / beta;
                p.scale(blas.kernels(), 1.0 / (alpha - beta), len, w, row + j + 1);
                p.set(w, row + j, beta);
                // Apply H_j = I - tau v v^T (v = [1; w_j below]) to the panel's later columns.
                for (int r = j + 1; r < j0 + nb; r++) {
                    int rr = r * ld;
                    double s = p.get(w, rr + j) + p.dot(blas.kernels(), len, w, rr + j + 1, w, row + j + 1);
                    double ts = tau[j] * s;
                    p.set(w, rr + j, p.get(w, rr + j) - ts);
                    p.axpy(blas.kernels(), len, -ts, w, row + j + 1, w, rr + j + 1);
                }
            }
        }

        /**
         * Copies the panel's reflectors into {@code vr} (nb x (m-j0), explicit unit diagonal and
         * zeros above) and forms the nb x nb upper-triangular T with H_j0...H_{j0+nb-1} = I - V T V^T
         * (LAPACK's larft, forward, column-wise).
         */
        private void blockReflector(int j0, int nb, A vr, A t) {
            int mm = m - j0;
            for (int i = 0; i < nb; i++) {
                int d = i * mm;
                p.zero(vr, d, i);
                p.set(vr, d + i, 1.0);
                p.copy(w, (j0 + i) * ld + j0 + i + 1, 1, vr, d + i + 1, 1, mm - i - 1);
            }
            p.zero(t, 0, nb * nb);
            double[] z = new double[nb];
            for (int i = 0; i < nb; i++) {
                // z = V[:, 0:i]^T v_i, where v_i is zero above row i.
                for (int q = 0; q < i; q++) z[q] = p.dot(blas.kernels(), mm - i, vr, q * mm + i, vr, i * mm + i);
                // T[0:i, i] = -tau_i T[0:i, 0:i] z.
                for (int r = 0; r < i; r++) {
                    double s = 0;
                    for (int q = r; q < i; q++) s += p.get(t, r * nb + q) * z[q];
                    p.set(t, r * nb + i, -tau[j0 + i] * s);
                }
                p.set(t, i * nb + i, tau[j0 + i]);
            }
        }

        /** m, or m plus one 64-byte line when m elements of p are a multiple of 2 KiB ({@link #ld}). */
        static int paddedStride(Precision<?, ?> p, int m) {
            int bytes = p == Precision.FLOAT ? Float.BYTES : Double.BYTES;
            return m > 0 && (long) m * bytes % 2048 == 0 ? Math.addExact(m, 64 / bytes) : m;
        }

        /** A one-sentence error unless {@code into} is rows x cols; otherwise {@code into}. */
        M checkShape(String what, M into, int rows, int cols) {
            if (p.rows(into) != rows || p.cols(into) != cols) {
                throw new IllegalArgumentException(what + " is " + p.rows(into) + "x" + p.cols(into) + "; expected " + rows + "x" + cols
                        + ", the shape of this factorization's " + what);
            }
            return into;
        }

        /** Writes R into the k x n matrix {@code r}, zeros below the diagonal included. */
        M r(M r) {
            A d = p.data(r);
            int off = p.offset(r), rld = p.stride(r);
            for (int i = 0; i < k; i++) {
                p.zero(d, off + i * rld, i);
                p.copy(w, i * ld + i, ld, d, off + i * rld + i, 1, n - i);
            }
            return r;
        }

        double[] rDiagonal() {
            double[] d = new double[k];
            for (int i = 0; i < k; i++) d[i] = p.get(w, i * ld + i);
            return d;
        }

        /**
         * Writes Q = H_0 ... H_{k-1} I[:, 0:k] into the m x k matrix {@code q}, accumulated
         * backwards in blocks (orgqr) as Q^T, then transposed.
         */
        M q(M q) {
            A qt = Workspace.acquire(p, Math.multiplyExact(k, ld)); // Q^T, k x m, rows ld apart
            A vr = Workspace.acquire(p, BLOCK * m), t = Workspace.acquire(p, BLOCK * BLOCK);
            A x = Workspace.acquire(p, Math.max(1, k) * BLOCK), y = Workspace.acquire(p, Math.max(1, k) * BLOCK);
            try {
                p.zero(qt, 0, k * ld); // the block updates rely on the zeros of I
                for (int i = 0; i < k; i++) p.set(qt, i * ld + i, 1.0);
                int last = (k - 1) / BLOCK * BLOCK;
                for (int j0 = last; j0 >= 0 && k > 0; j0 -= BLOCK) {
                    int nb = Math.min(BLOCK, k - j0);
                    int rows = k - j0, mm = m - j0, off = j0 * ld + j0;
                    blockReflector(j0, nb, vr, t);
                    // Q_sub^T := Q_sub^T (I - V T^T V^T): X = Qt_sub V, Y = X T^T, Qt_sub -= Y V^T.
                    p.gemm(blas, false, true, rows, nb, mm, 1.0, qt, off, ld, vr, 0, mm, 0.0, x, 0, nb);
                    p.gemm(blas, false, true, rows, nb, nb, 1.0, x, 0, nb, t, 0, nb, 0.0, y, 0, nb);
                    p.gemm(blas, false, false, rows, mm, nb, -1.0, y, 0, nb, vr, 0, mm, 1.0, qt, off, ld);
                }
                A d = p.data(q);
                int off = p.offset(q), qld = p.stride(q);
                for (int i = 0; i < k; i++) p.copy(qt, i * ld, 1, d, off + i, qld, m);
                return q;
            } finally {
                Workspace.release(y);
                Workspace.release(x);
                Workspace.release(t);
                Workspace.release(vr);
                Workspace.release(qt);
            }
        }

        M solve(M b) {
            if (p.rows(b) != m) {
                throw new IllegalArgumentException("solve: B is " + p.rows(b) + "x" + p.cols(b) + " but A has " + m + " rows");
            }
            if (m < n) {
                throw new IllegalArgumentException("solve: A is " + m + "x" + n + "; least squares needs at least as many rows as columns");
            }
            double largest = 0;
            for (int i = 0; i < n; i++) largest = Math.max(largest, Math.abs(p.get(w, i * ld + i)));
            double cutoff = largest * Math.max(m, n) * p.epsilon();
            for (int i = 0; i < n; i++) {
                double d = p.get(w, i * ld + i);
                if (!(Math.abs(d) > cutoff)) {
                    throw new ArithmeticException("solve: |R[" + i + "][" + i + "]| = " + Math.abs(d) + " is at most " + cutoff
                            + " (max|R_jj| * max(m, n) * eps); A is rank-deficient");
                }
            }
            int r = p.cols(b);
            // Work on B^T (r x m) so each right-hand side is a contiguous row.
            A bt = Workspace.acquire(p, Math.multiplyExact(r, m)); // written in full by the copy
            try {
                A src = p.data(b);
                for (int i = 0; i < m; i++) p.copy(src, p.offset(b) + i * p.stride(b), 1, bt, i, m, r);
                return backSolve(bt, r);
            } finally {
                Workspace.release(bt);
            }
        }

        /** X (n x r, new) from B^T in {@code bt}: B := Q^T B, then R X = B[0:n], row by row of B^T. */
        private M backSolve(A bt, int r) {
            for (int c = 0; c < r; c++) {
                int row = c * m;
                for (int j = 0; j < k; j++) { // B := H_j B, in order: Q^T B
                    if (tau[j] == 0) continue;
                    int len = m - j - 1;
                    double s = p.get(bt, row + j) + p.dot(blas.kernels(), len, w, j * ld + j + 1, bt, row + j + 1);
                    double ts = tau[j] * s;
                    p.set(bt, row + j, p.get(bt, row + j) - ts);
                    p.axpy(blas.kernels(), len, -ts, w, j * ld + j + 1, bt, row + j + 1);
                }
                for (int i = n - 1; i >= 0; i--) { // back substitution with R (R[i][j] = W[j][i])
                    double s = p.get(bt, row + i);
                    for (int j = i + 1; j < n; j++) s -= p.get(w, j * ld + i) * p.get(bt, row + j);
                    p.set(bt, row + i, s / p.get(w, i * ld + i));
                }
            }
            M x = p.matrix(n, r);
            A d = p.data(x);
            for (int c = 0; c < r; c++) p.copy(bt, c * m, 1, d, c, r, n);
            return x;
        }
    }
}
