package dev.vnlab.metrics;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.Workspace;
import dev.vnlab.nn.LayerObserver;
import dev.vnlab.nn.ObservedLayer;
import java.util.Arrays;

/**
 * The covariance of N nodes over M inputs that arrive in batches, in memory bounded by the
 * smaller side: the rows themselves are kept while M &lt;= N (their M x M Gram matrix is the small
 * one), and once M exceeds N only the lower triangle of an N x N Gram matrix of shifted rows is
 * (packed: N(N+1)/2 doubles).
 *
 * <p>Precision. Rows are shifted by a reference point (the mean of the first rows seen, at most
 * N + one batch of them), so the Gram matrix holds deviations, not raw second moments, and the
 * centring at the end subtracts a small correction instead of cancelling two large numbers
 * (activations of a saturated layer sit near +-1 with tiny spread). The shift is subtracted as
 * the GEMM packs its panels (no shifted copy is made), and the sums of the shifted rows are
 * {@code sum(x) - M s} from double column sums. The shifted rows are
 * multiplied with the float GEMM kernels in blocks of {@value #BLOCK} rows: the register tile
 * sums 256 of them (one GEMM k-block) before writing back, so each entry of a block's float
 * Gram matrix is four register sums of 256 terms added in float, and every block's Gram matrix
 * is added into a double accumulator. The float error is that of those sums (about 1e-6
 * relative) whatever M is, and M enters only through double sums.
 *
 * <p>Every floating-point sum runs in a fixed order and the GEMM kernels are bit-identical for
 * any thread count, so the result is too. As a {@link LayerObserver} it adds the outputs of the
 * layer an {@link dev.vnlab.nn.ObservedPass} hands it. Not thread-safe.
 */
public final class CovarianceAccumulator implements LayerObserver {
    /**
     * Rows per float Gram block: four GEMM k-blocks, each summed in registers. Fewer, larger
     * blocks keep the per-block work (zeroing the float Gram matrix, adding it into the double
     * one) small next to the SYRK itself.
     */
    public static final int BLOCK = 1024;

    private final int n;
    private final Blas blas;
    private final Scratch scratch;
    private final boolean ownScratch;
    private long m;
    // Small side: the raw rows, until there are more than n of them.
    private float[] rows;
    // Large side: shift s, sums of (x - s), lower triangle of sum (x - s)(x - s)^T, rows packed
    // as in Covariance (half of N x N: a depth-100 network's layers hold 100 of them at once).
    private float[] shift;
    private double[] sum;
    private double[] gram;
    // Whether the large side is in use, and whether gram holds this run's sums: clear() keeps the
    // arrays, so an accumulator reused for the next input set allocates nothing of size N^2.
    private boolean large, gramLive;
    // The only block so far is still the float Gram matrix in a private scratch: one-block
    // inputs (up to BLOCK rows) never make the double one.
    private boolean pending;

    /**
     * An accumulator of {@code nodes} columns.
     *
     * @throws IllegalArgumentException if nodes is below 1
     */
    public CovarianceAccumulator(int nodes, Blas blas) {
        this(nodes, blas, new Scratch(), true);
    }

    /** Accumulators that run one after another (the layers of a network) share one scratch. */
    CovarianceAccumulator(int nodes, Blas blas, Scratch scratch) {
        this(nodes, blas, scratch, false);
    }

    /**
     * An accumulator whose rows are added and read ({@link #statistics()}) before any other user
     * of {@code scratch} runs, such as one layer's single batch read as a pass reaches it: a lone
     * block's float Gram matrix may then stay in the scratch, and no double one is made.
     */
    static CovarianceAccumulator readAtOnce(int nodes, Blas blas, Scratch scratch) {
        return new CovarianceAccumulator(nodes, blas, scratch, true);
    }

    private CovarianceAccumulator(int nodes, Blas blas, Scratch scratch, boolean ownScratch) {
        if (nodes < 1) throw new IllegalArgumentException("node count " + nodes + " is invalid; expected at least 1");
        this.n = nodes;
        this.blas = blas;
        this.scratch = scratch;
        this.ownScratch = ownScratch;
    }

    /**
     * The float Gram matrix of one block, and the packed triangle {@link #statistics()} forms C
     * in; each grown on demand and reused. {@link #pooled()} scratch takes them from the thread's
     * {@link Workspace} instead of the heap, for a measurement that gives them back when done.
     */
    static final class Scratch {
        private final boolean pooled;
        private float[] block;
        private double[] triangle;

        Scratch() { this(false); }

        private Scratch(boolean pooled) { this.pooled = pooled; }

        /** Scratch on the thread's workspace: give it back with {@link #release()} on the same thread. */
        static Scratch pooled() { return new Scratch(true); }

        FloatMatrix gram(int cols) {
            int need = cols * cols;
            if (block == null || block.length < need) {
                give(block);
                block = pooled ? Workspace.acquire(Precision.FLOAT, need) : new float[need];
            }
            return FloatMatrix.wrap(block, 0, cols, cols, cols);
        }

        double[] triangle(int cols) {
            int need = Covariance.rowStart(cols);
            if (triangle == null || triangle.length < need) {
                give(triangle);
                triangle = pooled ? Workspace.acquire(Precision.DOUBLE, need) : new double[need];
            }
            return triangle;
        }

        /** Gives pooled arrays back to the thread's workspace (a no-op otherwise); the scratch starts empty again. */
        void release() {
            give(block);
            give(triangle);
            block = null;
            triangle = null;
        }

        private void give(Object array) {
            if (pooled && array != null) Workspace.release(array);
        }
    }

    /** The number of nodes N (columns). */
    public int nodes() { return n; }

    /** The number of inputs M (rows) added so far. */
    public long count() { return m; }

    /** Adds the layer's outputs x_l ({@link ObservedLayer#outputs}), one row per input. */
    @Override public void observe(ObservedLayer layer) {
        add(layer.outputs());
    }

    /**
     * Adds the rows of {@code batch} (inputs x N; one row per input, one column per node; not
     * modified).
     *
     * @throws IllegalArgumentException if the batch does not have N columns
     */
    public void add(FloatMatrix batch) {
        if (batch.cols() != n) {
            throw new IllegalArgumentException("batch is " + batch.rows() + "x" + batch.cols() + "; expected " + n + " columns, one per node");
        }
        int k = batch.rows();
        if (k == 0) return;
        if (!large && m + k <= n) {
            keepRows(batch);
            return;
        }
        double[] batchSums = blas.colSums(batch);
        if (!large) startGram(batchSums, k);
        addRows(batch, batchSums);
        m += k;
    }

    private void keepRows(FloatMatrix batch) {
        int k = batch.rows();
        long need = (m + k) * n; // at most n * n here
        if (rows == null || rows.length < need) {
            long grown = rows == null ? need : Math.max(need, 2L * rows.length);
            rows = Arrays.copyOf(rows == null ? new float[0] : rows, (int) Math.min(grown, (long) n * n));
        }
        for (int r = 0; r < k; r++) System.arraycopy(batch.data(), batch.index(r, 0), rows, (int) (m + r) * n, n);
        m += k;
    }

    /**
     * Switches to the N x N Gram matrix, shifted by the mean of the kept rows and a batch of
     * {@code k} rows with column sums {@code batchSums}, and adds the kept rows.
     */
    private void startGram(double[] batchSums, int k) {
        int kept = (int) m;
        FloatMatrix old = kept == 0 ? null : FloatMatrix.wrap(rows, 0, kept, n, n);
        double[] oldSums = kept == 0 ? new double[n] : blas.colSums(old);
        if (shift == null) shift = new float[n];
        for (int j = 0; j < n; j++) shift[j] = (float) ((batchSums[j] + oldSums[j]) / (kept + k));
        if (sum == null) sum = new double[n];
        else Arrays.fill(sum, 0.0);
        large = true;
        if (kept > 0) addRows(old, oldSums);
        rows = null;
    }

    /** Adds the rows of src, whose column sums are {@code sums}, to the shifted sums. */
    private void addRows(FloatMatrix src, double[] sums) {
        int k = src.rows();
        for (int j = 0; j < n; j++) sum[j] += sums[j] - (double) k * shift[j];
        for (int r = 0; r < k; r += BLOCK) addBlock(src, r, Math.min(BLOCK, k - r));
    }

    /** Adds the Gram matrix of shifted rows [r0, r0 + k) of src, k <= BLOCK. */
    private void addBlock(FloatMatrix src, int r0, int k) {
        if (pending) addScratchToGram(); // the scratch is about to be overwritten
        blas.syrkLower(1f, src.rowsView(r0, k), shift, 0f, scratch.gram(n)); // only the lower triangle is read
        if (!gramLive && ownScratch) pending = true;
        else addScratchToGram();
    }

    /** Adds the lower triangle of the scratch's float Gram matrix into the double one. */
    private void addScratchToGram() {
        if (gram == null) gram = new double[Covariance.rowStart(n)];
        else if (!gramLive) Arrays.fill(gram, 0.0);
        gramLive = true;
        float[] gd = scratch.gram(n).data();
        for (int i = 0; i < n; i++) blas.kernels().addWidened(i + 1, gd, i * n, gram, Covariance.rowStart(i));
        pending = false;
    }

    /**
     * The covariance of the rows added so far (the accumulator can go on afterwards).
     *
     * @throws IllegalStateException if fewer than 2 rows were added
     */
    public Covariance covariance() {
        checkCount();
        if (!large) return Covariance.ofRows(FloatMatrix.wrap(rows, 0, (int) m, n, n), blas);
        double[] c = new double[Covariance.rowStart(n)];
        centre(c);
        return Covariance.ofLower(c, n, m, blas);
    }

    /**
     * The statistics of {@link #covariance()} (VNI, trace, variances, participation ratio, dead
     * fraction: the same numbers, bit for bit) without the matrix: C is formed in scratch this
     * accumulator keeps and reuses, so a measurement that needs no spectrum allocates nothing of
     * size N^2 per call. The accumulator can go on afterwards.
     *
     * @throws IllegalStateException if fewer than 2 rows were added
     */
    public Covariance statistics() {
        checkCount();
        if (!large) return covariance(); // the small side: at most N rows, M x M
        double[] c = scratch.triangle(n);
        centre(c);
        return Covariance.statisticsOfLower(c, n, m, blas);
    }

    private void checkCount() {
        if (m < 2) throw new IllegalStateException("the covariance of " + m + " input(s) is undefined; expected at least 2");
    }

    /** C's lower triangle, packed, into {@code c} (any contents): the Gram matrix centred and scaled. */
    private void centre(double[] c) {
        double[] d = new double[n];
        for (int j = 0; j < n; j++) d[j] = sum[j] / m;
        double scale = 1.0 / (m - 1);
        float[] gd = pending ? scratch.gram(n).data() : null;
        double[] g = gram;
        long count = m;
        TriangleRows.forEach(blas.workers(), n, i -> {
            double md = count * d[i];
            int o = i * n, p = Covariance.rowStart(i);
            // Row i of the Gram matrix (widened into zeros, as into the double one, if still
            // float), then centred in place while in L1.
            if (gd != null) {
                Arrays.fill(c, p, p + i + 1, 0.0);
                blas.kernels().addWidened(i + 1, gd, o, c, p);
            } else {
                System.arraycopy(g, p, c, p, i + 1);
            }
            for (int j = 0; j <= i; j++) c[p + j] = (c[p + j] - md * d[j]) * scale;
        });
    }

    /** Forgets every row added; the arrays stay for the next rows, so a reused accumulator allocates nothing of size N^2. */
    public void clear() {
        m = 0;
        large = false;
        gramLive = false;
        pending = false;
    }
}
