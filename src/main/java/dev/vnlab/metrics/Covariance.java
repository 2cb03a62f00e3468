package dev.vnlab.metrics;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.decomp.SymmetricEigen;

/**
 * The sample covariance C (N x N, divisor M - 1) of N nodes over M inputs, and the statistics of
 * vanishing nodes read from it (docs/theory.md section 2): the VNI {@code tr(C^2) / tr(C)^2} (eq. 3.3,
 * 3.4), the participation ratio, the entropy effective rank, squared correlations, dead nodes
 * and variances. Everything is float64.
 *
 * <p>Held on the smaller side: for M > N C's lower triangle, packed; for M &lt;= N the centred rows X
 * (M x N) and their Gram matrix {@code K = X X^T} (M x M), which has C's nonzero spectrum times
 * M - 1. The whole of C is formed only when asked for. A covariance of {@link
 * CovarianceAccumulator#statistics() statistics only} holds neither: its scalar statistics and
 * variances are all there, the matrix and its spectrum are not. Immutable; made by
 * {@link CovarianceAccumulator}.
 */
public final class Covariance {
    private final int n;
    private final long m;
    private final Blas blas;
    private final double[] variances;
    private final double trace, traceOfSquare;
    private final double[] lower;         // C's lower triangle when M > N: row i (i + 1 entries) at i(i+1)/2
    private final DoubleMatrix centred;   // X, M x N, when M <= N
    private final DoubleMatrix rowGram;   // X X^T, M x M, when M <= N

    private Covariance(int n, long m, Blas blas, double[] variances, double trace, double traceOfSquare,
                       double[] lower, DoubleMatrix centred, DoubleMatrix rowGram) {
        this.n = n;
        this.m = m;
        this.blas = blas;
        this.variances = variances;
        this.trace = trace;
        this.traceOfSquare = traceOfSquare;
        this.lower = lower;
        this.centred = centred;
        this.rowGram = rowGram;
    }

    /** Where row i of a packed lower triangle starts. */
    static int rowStart(int i) { return (int) ((long) i * (i + 1) / 2); }

    /**
     * From C's lower triangle, rows packed ({@link #rowStart}; taken over, not copied), for M
     * inputs. {@code tr(C^2)} sums each row's diagonal square and twice its off-diagonal
     * squares, rows in order (each row's squares on the workers, the sum in one fixed order).
     */
    static Covariance ofLower(double[] lower, int n, long m, Blas blas) {
        return ofLower(lower, n, m, blas, true);
    }

    /**
     * The statistics of {@link #ofLower} from C's lower triangle, which is read and not kept
     * (the caller may reuse it): the same numbers, bit for bit, without the matrix.
     */
    static Covariance statisticsOfLower(double[] lower, int n, long m, Blas blas) {
        return ofLower(lower, n, m, blas, false);
    }

    private static Covariance ofLower(double[] lower, int n, long m, Blas blas, boolean keep) {
        double[] offDiagonal = new double[n];
        TriangleRows.forEach(blas.workers(), n, i -> offDiagonal[i] = blas.kernels().sumSquares(i, lower, rowStart(i)));
        double[] var = new double[n];
        double tr = 0, tr2 = 0;
        for (int i = 0; i < n; i++) {
            var[i] = lower[rowStart(i) + i];
            tr += var[i];
            tr2 += var[i] * var[i] + 2 * offDiagonal[i];
        }
        return new Covariance(n, m, blas, var, tr, tr2, keep ? lower : null, null, null);
    }

    /** Whether C itself (and so its spectrum) is held, not only its statistics. */
    public boolean holdsMatrix() {
        return lower != null || centred != null;
    }

    private void requireMatrix(String what) {
        if (!holdsMatrix()) {
            throw new IllegalStateException("this covariance of " + n + " nodes holds its statistics only, not the matrix its " + what
                    + " needs; expected one from CovarianceAccumulator.covariance()");
        }
    }

    /** C whole, both triangles, as a new row-major N x N array. */
    private double[] full() {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            int p = rowStart(i);
            System.arraycopy(lower, p, c, i * n, i + 1);
            for (int j = 0; j < i; j++) c[j * n + i] = lower[p + j];
        }
        return c;
    }

    /** From the raw rows (M x N, M >= 2, not modified), centred here in two passes. */
    static Covariance ofRows(FloatMatrix rows, Blas blas) {
        int m = rows.rows(), n = rows.cols();
        double[] mean = new double[n];
        for (int r = 0; r < m; r++) for (int j = 0; j < n; j++) mean[j] += rows.get(r, j);
        for (int j = 0; j < n; j++) mean[j] /= m;
        DoubleMatrix x = new DoubleMatrix(m, n);
        double[] var = new double[n];
        double scale = 1.0 / (m - 1);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                double v = rows.get(r, j) - mean[j];
                x.set(r, j, v);
                var[j] += v * v;
            }
        }
        for (int j = 0; j < n; j++) var[j] *= scale;
        DoubleMatrix k = new DoubleMatrix(m, m);
        blas.gemm(Transpose.N, Transpose.T, 1.0, x, x, 0.0, k);
        double tr = 0, tr2 = 0;
        for (int i = 0; i < m; i++) {
            tr += k.get(i, i);
            for (int j = 0; j < m; j++) tr2 += k.get(i, j) * k.get(i, j);
        }
        return new Covariance(n, m, blas, var, tr * scale, tr2 * scale * scale, null, x, k);
    }

    /** The number of nodes N. */
    public int nodes() { return n; }

    /** The number of inputs M. */
    public long inputs() { return m; }

    /** {@code tr(C)}, the summed variance of the nodes. */
    public double trace() { return trace; }

    /** {@code tr(C^2) = sum_ij C_ij^2}. */
    public double traceOfSquare() { return traceOfSquare; }

    /**
     * The Vanishing Node Indicator {@code tr(C^2) / tr(C)^2}, in [1/N, 1] (eq. 3.4). It is NaN
     * where it is undefined: when the layer has {@link #collapsed() collapsed} (every node
     * constant over the inputs, 0/0), and when the nodes' values were not finite (an overflowing
     * network: tr(C) is then NaN or infinite). The sample estimate is biased upward by about 1/M.
     */
    public double vni() { return trace == 0 ? Double.NaN : traceOfSquare / (trace * trace); }

    /**
     * True when every node's variance is zero: each node is constant over the inputs, the
     * extreme of vanishing nodes, where the VNI is 0/0. A NaN VNI of a layer that has not
     * collapsed comes from non-finite values instead.
     */
    public boolean collapsed() { return trace == 0; }

    /** {@code 1 / VNI}, the effective number of nodes: the participation ratio of C's spectrum. */
    public double participationRatio() { return trace == 0 ? Double.NaN : trace * trace / traceOfSquare; }

    /** The variance of each node, C's diagonal (a copy, length N). */
    public double[] variances() { return variances.clone(); }

    /** The mean variance of a node, {@code tr(C) / N}. */
    public double meanVariance() { return trace / n; }

    /** The fraction of nodes whose variance is exactly zero: constant over every input. */
    public double deadFraction() { return deadFraction(0); }

    /**
     * The fraction of nodes whose variance is at most {@code relative} times the mean variance
     * (all of them when every node is constant).
     *
     * @throws IllegalArgumentException if relative is negative or not finite
     */
    public double deadFraction(double relative) {
        if (!(relative >= 0) || Double.isInfinite(relative)) {
            throw new IllegalArgumentException("relative variance threshold " + relative + " is invalid; expected a finite value >= 0");
        }
        double limit = relative * meanVariance();
        int dead = 0;
        for (double v : variances) if (v <= limit) dead++;
        return (double) dead / n;
    }

    /**
     * The eigenvalues of C, ascending: all N when M > N, else the M eigenvalues of
     * {@code X X^T / (M - 1)}, which are C's nonzero ones (and one zero from the centring).
     */
    public double[] eigenvalues() {
        requireMatrix("eigenvalues");
        if (lower != null) return SymmetricEigen.values(DoubleMatrix.wrap(n, n, full()), blas);
        double[] e = SymmetricEigen.values(rowGram, blas);
        for (int i = 0; i < e.length; i++) e[i] /= (m - 1);
        return e;
    }

    /**
     * The entropy effective rank {@code exp(-sum_i p_i ln p_i)} with {@code p_i = lambda_i / tr(C)}
     * (Roy and Vetterli, 2007): between 1 and N, like the participation ratio, but weighting
     * the small eigenvalues more. Rounding-level negative eigenvalues count as zero. NaN when
     * every node is constant.
     */
    public double entropyRank() {
        double[] e = eigenvalues();
        double total = 0;
        for (double v : e) if (v > 0) total += v;
        if (total == 0) return Double.NaN;
        double h = 0;
        for (double v : e) {
            if (v > 0) {
                double p = v / total;
                h -= p * Math.log(p);
            }
        }
        return Math.exp(h);
    }

    /** C as a new N x N matrix. */
    public DoubleMatrix matrix() {
        requireMatrix("entries");
        if (lower != null) return DoubleMatrix.wrap(n, n, full());
        DoubleMatrix c = new DoubleMatrix(n, n);
        blas.syrk(1.0 / (m - 1), centred, 0.0, c);
        return c;
    }

    /**
     * The squared correlation coefficients {@code rho_ij^2 = C_ij^2 / (C_ii C_jj)} as a new
     * N x N matrix; a constant node is uncorrelated with everything, itself included (its row,
     * column and diagonal entry are 0).
     */
    public DoubleMatrix correlationSquared() {
        DoubleMatrix c = matrix();
        double[] d = c.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double vij = variances[i] * variances[j];
                double cij = d[i * n + j];
                d[i * n + j] = vij > 0 ? Math.min(1, cij * cij / vij) : 0;
            }
        }
        return c;
    }
}
