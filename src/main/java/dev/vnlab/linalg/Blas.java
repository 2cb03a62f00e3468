package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import java.util.Arrays;

import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;
import java.util.function.IntConsumer;

/**
 * The BLAS-like facade over float32 and float64 matrices: GEMM, GEMV, SYRK, AXPY, DOT, scaling,
 * element-wise maps, row/column sums and the Frobenius norm. Shapes are checked here, once, and
 * a mismatch throws {@link IllegalArgumentException} naming both shapes; the kernels below
 * trust them.
 *
 * <p>Operations run on the given {@link Workers}; results are bit-identical for every thread
 * count. Output arguments are the only ones modified, and must not overlap the inputs unless a
 * method says so.
 */
public final class Blas {
    /** Below this many elements a memory-bound operation runs on one thread. */
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 16;

    private static volatile Blas defaults;

    private final Workers workers;
    private final Kernels kernels;

    private Blas(Workers workers, Kernels kernels) {
        this.workers = workers;
        this.kernels = kernels;
    }

    /** The facade on {@link Workers#defaults()} and the provider's kernels. */
    public static Blas defaults() {
        Blas b = defaults;
        if (b == null) defaults = b = new Blas(Workers.defaults(), KernelProvider.kernels()); // a race makes equal twins: harmless
        return b;
    }

    /** A facade on the given workers and the provider's kernels. */
    public static Blas on(Workers workers) { return new Blas(workers, KernelProvider.kernels()); }

    /** A facade on the given workers and an explicit kernel set (e.g. to compare SIMD with scalar). */
    public static Blas on(Workers workers, Kernels kernels) { return new Blas(workers, kernels); }

    /** The threads this facade's operations run on. */
    public Workers workers() { return workers; }

    /** The kernels this facade's operations, and everything given this facade, compute with. */
    public Kernels kernels() { return kernels; }

    // ================================================================ GEMM

    /**
     * {@code C = alpha op(A) op(B) + beta C}, where op(A) is m x k, op(B) is k x n and C is m x n.
     * Only C is modified; with beta = 0 its previous contents (even NaN) are ignored.
     */
    public void gemm(Transpose ta, Transpose tb, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
        int k = gemmDepth(ta, tb, a.rows(), a.cols(), b.rows(), b.cols(), c.rows(), c.cols());
        GemmDriver.gemm(Precision.FLOAT, kernels, workers, ta.on(), tb.on(), c.rows(), c.cols(), k, alpha,
                a.data(), a.offset(), a.stride(), b.data(), b.offset(), b.stride(), beta, c.data(), c.offset(), c.stride(), Triangle.ALL, null);
    }

    /** The float64 {@link #gemm(Transpose, Transpose, float, FloatMatrix, FloatMatrix, float, FloatMatrix)}. */
    public void gemm(Transpose ta, Transpose tb, double alpha, DoubleMatrix a, DoubleMatrix b, double beta, DoubleMatrix c) {
        int k = gemmDepth(ta, tb, a.rows(), a.cols(), b.rows(), b.cols(), c.rows(), c.cols());
        GemmDriver.gemm(Precision.DOUBLE, kernels, workers, ta.on(), tb.on(), c.rows(), c.cols(), k, alpha,
                a.data(), a.offset(), a.stride(), b.data(), b.offset(), b.stride(), beta, c.data(), c.offset(), c.stride(), Triangle.ALL, null);
    }

    /** A new matrix {@code A B}: A is m x k, B is k x n. */
    public FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        FloatMatrix c = new FloatMatrix(a.rows(), b.cols());
        gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
        return c;
    }

    /** A new matrix {@code A B}: A is m x k, B is k x n. */
    public DoubleMatrix multiply(DoubleMatrix a, DoubleMatrix b) {
        DoubleMatrix c = new DoubleMatrix(a.rows(), b.cols());
        gemm(Transpose.N, Transpose.N, 1.0, a, b, 0.0, c);
        return c;
    }

    /** Checks the shapes and returns k (no array: this runs for every GEMM of a training step). */
    private static int gemmDepth(Transpose ta, Transpose tb, int ar, int ac, int br, int bc, int cr, int cc) {
        int m = ta.on() ? ac : ar, ka = ta.on() ? ar : ac;
        int kb = tb.on() ? bc : br, n = tb.on() ? br : bc;
        if (ka != kb) {
            throw new IllegalArgumentException("gemm: op(A) is " + Shapes.shape(m, ka) + " (A " + Shapes.shape(ar, ac) + ", " + ta
                    + ") and op(B) is " + Shapes.shape(kb, n) + " (B " + Shapes.shape(br, bc) + ", " + tb
                    + "); expected op(A)'s columns to equal op(B)'s rows");
        }
        if (cr != m || cc != n) {
            throw new IllegalArgumentException("gemm: C is " + Shapes.shape(cr, cc) + " but op(A) op(B) is " + Shapes.shape(m, n));
        }
        return ka;
    }

    // ================================================================ SYRK

    /**
     * {@code C = alpha A^T A + beta C} for an m x n matrix A and an n x n matrix C. Computes the
     * lower triangle with the GEMM kernels and mirrors it, so C comes out exactly symmetric; for
     * beta != 0 only C's lower triangle is read. (The lower one: a narrow last column panel then
     * serves only the last rows, where the upper triangle needs it in every row.)
     */
    public void syrk(float alpha, FloatMatrix a, float beta, FloatMatrix c) {
        syrkLower(alpha, a, beta, c);
        float[] d = c.data();
        for (int i = 1; i < c.rows(); i++) Precision.FLOAT.copy(d, c.index(i, 0), 1, d, c.index(0, i), c.stride(), i);
    }

    /**
     * {@link #syrk(float, FloatMatrix, float, FloatMatrix)} for the lower triangle only (diagonal
     * included), for callers that read no more: the strictly upper triangle of C holds undefined
     * values afterwards.
     */
    public void syrkLower(float alpha, FloatMatrix a, float beta, FloatMatrix c) {
        checkSyrk(a.rows(), a.cols(), c.rows(), c.cols());
        Precision.FLOAT.gemmLower(this, true, false, a.cols(), a.rows(), alpha,
                a.data(), a.offset(), a.stride(), a.data(), a.offset(), a.stride(), null, beta, c.data(), c.offset(), c.stride());
    }

    /**
     * {@link #syrkLower(float, FloatMatrix, float, FloatMatrix)} of A with {@code shift[j]}
     * subtracted from every entry of column j: {@code C = alpha (A - 1 s^T)^T (A - 1 s^T) + beta C}
     * for an m x n A (not modified) and n shifts, each difference rounded once to float as
     * {@code a - s} would be. The shift is applied while the operand is packed, so the Gram
     * matrix of shifted (centred) columns costs no copy of A.
     *
     * @throws IllegalArgumentException if the shapes disagree or shift does not have n entries
     */
    public void syrkLower(float alpha, FloatMatrix a, float[] shift, float beta, FloatMatrix c) {
        checkSyrk(a.rows(), a.cols(), c.rows(), c.cols());
        if (shift.length != a.cols()) {
            throw new IllegalArgumentException("syrk: shift has " + shift.length + " entries; expected " + a.cols() + ", one per column of A");
        }
        Precision.FLOAT.gemmLower(this, true, false, a.cols(), a.rows(), alpha,
                a.data(), a.offset(), a.stride(), a.data(), a.offset(), a.stride(), shift, beta, c.data(), c.offset(), c.stride());
    }

    /** The float64 {@link #syrk(float, FloatMatrix, float, FloatMatrix)}. */
    public void syrk(double alpha, DoubleMatrix a, double beta, DoubleMatrix c) {
        checkSyrk(a.rows(), a.cols(), c.rows(), c.cols());
        int n = a.cols();
        Precision.DOUBLE.gemmLower(this, true, false, n, a.rows(), alpha,
                a.data(), a.offset(), a.stride(), a.data(), a.offset(), a.stride(), null, beta, c.data(), c.offset(), c.stride());
        double[] d = c.data();
        for (int i = 1; i < n; i++) Precision.DOUBLE.copy(d, c.index(i, 0), 1, d, c.index(0, i), c.stride(), i);
    }

    private static void checkSyrk(int ar, int ac, int cr, int cc) {
        if (cr != ac || cc != ac) {
            throw new IllegalArgumentException("syrk: A is " + Shapes.shape(ar, ac) + " so A^T A is " + Shapes.shape(ac, ac)
                    + ", but C is " + Shapes.shape(cr, cc));
        }
    }

    // ================================================================ SYMV

    /** Fixed row blocks of {@link #symv}: results must not depend on the thread count. */
    static final int SYMV_BLOCKS = 8;

    /**
     * {@code y = alpha A x + beta y} for a symmetric n x n matrix A of which only the upper
     * triangle is read (row suffixes, the contiguous side of row-major storage), so the matrix
     * is streamed once where GEMV would stream it twice. Rows are cut into {@value #SYMV_BLOCKS}
     * fixed blocks of equal triangle area, each accumulating its own partial product, added in
     * block order: bit-identical for any thread count. Only y is modified.
     */
    public void symv(double alpha, DoubleMatrix a, double[] x, double beta, double[] y) {
        if (x.length != a.rows() || y.length != a.rows()) {
            throw new IllegalArgumentException("symv: A is " + Shapes.shape(a.rows(), a.cols()) + ", x has " + x.length
                    + " and y " + y.length + " elements; expected a square A and both of its order");
        }
        symv(alpha, a, x, 0, beta, y, 0);
    }

    /**
     * {@link #symv(double, DoubleMatrix, double[], double, double[])} on the n elements of x and y
     * from {@code xOff} and {@code yOff}: the same numbers, for a caller that reuses one buffer
     * for vectors of several lengths. Only {@code y[yOff, yOff + n)} is modified.
     */
    public void symv(double alpha, DoubleMatrix a, double[] x, int xOff, double beta, double[] y, int yOff) {
        int n = a.rows();
        if (a.cols() != n || xOff < 0 || yOff < 0 || x.length - xOff < n || y.length - yOff < n) {
            throw new IllegalArgumentException("symv: A is " + Shapes.shape(a.rows(), a.cols()) + ", x has " + x.length + " elements from " + xOff
                    + " and y " + y.length + " from " + yOff + "; expected a square A and both holding its order from there");
        }
        // Per block its partial product, then the 4 + 4 doubles of each task's row step.
        double[] partial = Workspace.acquire(Precision.DOUBLE, SYMV_BLOCKS * (n + 8));
        try {
            Arrays.fill(partial, 0, SYMV_BLOCKS * n, 0.0);
            if ((long) n * n < 2 * PARALLEL_MIN_ELEMENTS || workers.threads() == 1) { // no lambda to allocate
                for (int b = 0; b < SYMV_BLOCKS; b++) symvBlock(b, a, x, xOff, partial);
            } else {
                workers.forEach(SYMV_BLOCKS, b -> symvBlock(b, a, x, xOff, partial));
            }
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int b = 0; b < SYMV_BLOCKS; b++) s += partial[b * n + i];
                y[yOff + i] = beta == 0 ? alpha * s : alpha * s + beta * y[yOff + i];
            }
        } finally {
            Workspace.release(partial);
        }
    }

    /** The first row of block b of {@link #symv} of order n: row suffixes shrink, so equal area, not equal rows. */
    private static int symvCut(int b, int n) {
        return (int) Math.round(n - n * Math.sqrt(1.0 - (double) b / SYMV_BLOCKS));
    }

    /**
     * Block b of {@link #symv} accumulates into {@code partial[b n, (b+1) n)} (zeroed by the
     * caller), with its four row values and four dot products at {@code partial[8 n + 8 b]}.
     */
    private void symvBlock(int b, DoubleMatrix a, double[] x, int xOff, double[] partial) {
        int n = a.rows(), p = b * n, four = SYMV_BLOCKS * n + 8 * b, dots = four + 4;
        double[] d = a.data();
        int i = symvCut(b, n), end = symvCut(b + 1, n);
        for (; i + 4 <= end; i += 4) { // four rows share the loads of x and y
            for (int r = 0; r < 4; r++) { // their 4 x 4 diagonal block, upper part
                int at = a.index(i + r, i + r);
                partial[p + i + r] += d[at] * x[xOff + i + r];
                for (int c = r + 1; c < 4; c++) {
                    partial[p + i + r] += d[at + c - r] * x[xOff + i + c];
                    partial[p + i + c] += d[at + c - r] * x[xOff + i + r];
                }
                partial[four + r] = x[xOff + i + r];
            }
            kernels.dotAxpy4(n - i - 4, d, a.index(i, i + 4), a.stride(), x, xOff + i + 4, partial, four, partial, p + i + 4, partial, dots);
            for (int r = 0; r < 4; r++) partial[p + i + r] += partial[dots + r];
        }
        for (; i < end; i++) { // row i: a[i, i+1:] is also column i below the diagonal
            int at = a.index(i, i);
            partial[p + i] += d[at] * x[xOff + i] + kernels.dotAxpy(n - i - 1, x[xOff + i], d, at + 1, x, xOff + i + 1, partial, p + i + 1);
        }
    }

    // ================================================================ GEMV

    /**
     * {@code y = alpha op(A) x + beta y}; op(A) is m x n, x has n elements, y has m. Only y is
     * modified; with beta = 0 its previous contents are ignored.
     */
    public void gemv(Transpose ta, float alpha, FloatMatrix a, float[] x, float beta, float[] y) {
        checkGemv(ta, a.rows(), a.cols(), x.length, y.length);
        boolean serial = serial(a.rows(), a.cols());
        if (!ta.on()) {
            if (serial) gemvRows(alpha, a, x, beta, y, 0, a.rows());
            else forChunks(a.rows(), a.cols(), (i0, i1) -> gemvRows(alpha, a, x, beta, y, i0, i1));
        } else {
            // y += (alpha x_i) A_i row by row; columns are split between threads so each y_j
            // sees the rows in the same order.
            if (serial) gemvColumns(alpha, a, x, beta, y, 0, a.cols());
            else forChunks(a.cols(), a.rows(), (j0, j1) -> gemvColumns(alpha, a, x, beta, y, j0, j1));
        }
    }

    private void gemvRows(float alpha, FloatMatrix a, float[] x, float beta, float[] y, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            float dot = (float) kernels.dot(a.cols(), a.data(), a.index(i, 0), x, 0);
            y[i] = beta == 0 ? alpha * dot : alpha * dot + beta * y[i];
        }
    }

    private void gemvColumns(float alpha, FloatMatrix a, float[] x, float beta, float[] y, int j0, int j1) {
        Precision.FLOAT.scale(kernels, beta, j1 - j0, y, j0);
        for (int i = 0; i < a.rows(); i++) {
            if (x[i] != 0) kernels.axpy(j1 - j0, alpha * x[i], a.data(), a.index(i, j0), y, j0);
        }
    }

    /** The float64 {@link #gemv(Transpose, float, FloatMatrix, float[], float, float[])}. */
    public void gemv(Transpose ta, double alpha, DoubleMatrix a, double[] x, double beta, double[] y) {
        checkGemv(ta, a.rows(), a.cols(), x.length, y.length);
        if (!ta.on()) {
            forChunks(a.rows(), a.cols(), (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    double dot = kernels.dot(a.cols(), a.data(), a.index(i, 0), x, 0);
                    y[i] = beta == 0 ? alpha * dot : alpha * dot + beta * y[i];
                }
            });
        } else {
            forChunks(a.cols(), a.rows(), (j0, j1) -> {
                Precision.DOUBLE.scale(kernels, beta, j1 - j0, y, j0);
                for (int i = 0; i < a.rows(); i++) {
                    if (x[i] != 0) kernels.axpy(j1 - j0, alpha * x[i], a.data(), a.index(i, j0), y, j0);
                }
            });
        }
    }

    private static void checkGemv(Transpose ta, int ar, int ac, int xn, int yn) {
        int m = ta.on() ? ac : ar, n = ta.on() ? ar : ac;
        if (xn != n || yn != m) {
            throw new IllegalArgumentException("gemv: op(A) is " + Shapes.shape(m, n) + " (A " + Shapes.shape(ar, ac) + ", " + ta
                    + ") so x needs " + n + " elements and y " + m + ", but x has " + xn + " and y " + yn);
        }
    }

    // ================================================================ vectors

    /** {@code y += alpha x}; modifies y. */
    public void axpy(float alpha, float[] x, float[] y) {
        checkVectors("axpy", x.length, y.length);
        forChunks(x.length, 1, (i0, i1) -> kernels.axpy(i1 - i0, alpha, x, i0, y, i0));
    }

    /** {@code y += alpha x}; modifies y. */
    public void axpy(double alpha, double[] x, double[] y) {
        checkVectors("axpy", x.length, y.length);
        forChunks(x.length, 1, (i0, i1) -> kernels.axpy(i1 - i0, alpha, x, i0, y, i0));
    }

    /** {@code Y += alpha X} for matrices of equal shape; modifies Y. */
    public void axpy(float alpha, FloatMatrix x, FloatMatrix y) {
        Shapes.checkSame("axpy", x.rows(), x.cols(), y.rows(), y.cols());
        if (serial(x.rows(), x.cols())) axpyRows(alpha, x, y, 0, x.rows());
        else forChunks(x.rows(), x.cols(), (i0, i1) -> axpyRows(alpha, x, y, i0, i1));
    }

    /** {@code Y += alpha X} for matrices of equal shape; modifies Y. */
    public void axpy(double alpha, DoubleMatrix x, DoubleMatrix y) {
        Shapes.checkSame("axpy", x.rows(), x.cols(), y.rows(), y.cols());
        if (serial(x.rows(), x.cols())) axpyRows(alpha, x, y, 0, x.rows());
        else forChunks(x.rows(), x.cols(), (i0, i1) -> axpyRows(alpha, x, y, i0, i1));
    }

    /** {@code sum x_i y_i}, accumulated in double. */
    public double dot(float[] x, float[] y) {
        checkVectors("dot", x.length, y.length);
        return kernels.dot(x.length, x, 0, y, 0);
    }

    /** {@code sum x_i y_i}. */
    public double dot(double[] x, double[] y) {
        checkVectors("dot", x.length, y.length);
        return kernels.dot(x.length, x, 0, y, 0);
    }

    /** {@code x *= alpha}; modifies x. */
    public void scale(float alpha, float[] x) { map(UnaryOp.SCALE, alpha, x, x); }

    /** {@code x *= alpha}; modifies x. */
    public void scale(double alpha, double[] x) { map(UnaryOp.SCALE, alpha, x, x); }

    /** {@code X *= alpha}; modifies X. */
    public void scale(float alpha, FloatMatrix x) { map(UnaryOp.SCALE, alpha, x, x); }

    /** {@code X *= alpha}; modifies X. */
    public void scale(double alpha, DoubleMatrix x) { map(UnaryOp.SCALE, alpha, x, x); }

    private static void checkVectors(String what, int xn, int yn) {
        if (xn != yn) throw new IllegalArgumentException(what + ": x has " + xn + " elements and y has " + yn + "; expected equal lengths");
    }

    // ================================================================ element-wise

    /** {@code y_i = op(x_i; p)}; y may be x. Modifies y. */
    public void map(UnaryOp op, float p, float[] x, float[] y) {
        checkVectors("map", x.length, y.length);
        forChunks(x.length, 1, (i0, i1) -> kernels.map(op, p, i1 - i0, x, i0, y, i0));
    }

    /** {@code y_i = op(x_i; p)}; y may be x. Modifies y. */
    public void map(UnaryOp op, double p, double[] x, double[] y) {
        checkVectors("map", x.length, y.length);
        forChunks(x.length, 1, (i0, i1) -> kernels.map(op, p, i1 - i0, x, i0, y, i0));
    }

    /** {@code Y_ij = op(X_ij; p)} for equal shapes; Y may be X. Modifies Y. */
    public void map(UnaryOp op, float p, FloatMatrix x, FloatMatrix y) {
        Shapes.checkSame("map", x.rows(), x.cols(), y.rows(), y.cols());
        if (serial(x.rows(), x.cols())) mapRows(op, p, x, y, 0, x.rows());
        else forChunks(x.rows(), x.cols(), (i0, i1) -> mapRows(op, p, x, y, i0, i1));
    }

    /** {@code Y_ij = op(X_ij; p)} for equal shapes; Y may be X. Modifies Y. */
    public void map(UnaryOp op, double p, DoubleMatrix x, DoubleMatrix y) {
        Shapes.checkSame("map", x.rows(), x.cols(), y.rows(), y.cols());
        if (serial(x.rows(), x.cols())) mapRows(op, p, x, y, 0, x.rows());
        else forChunks(x.rows(), x.cols(), (i0, i1) -> mapRows(op, p, x, y, i0, i1));
    }

    /** {@code Z_ij = X_ij op Y_ij} for equal shapes; Z may be X or Y. Modifies Z. */
    public void zip(BinaryOp op, FloatMatrix x, FloatMatrix y, FloatMatrix z) {
        Shapes.checkSame("zip", x.rows(), x.cols(), y.rows(), y.cols());
        Shapes.checkSame("zip", x.rows(), x.cols(), z.rows(), z.cols());
        if (serial(x.rows(), x.cols())) zipRows(op, x, y, z, 0, x.rows());
        else forChunks(x.rows(), x.cols(), (i0, i1) -> zipRows(op, x, y, z, i0, i1));
    }

    /** {@code Z_ij = X_ij op Y_ij} for equal shapes; Z may be X or Y. Modifies Z. */
    public void zip(BinaryOp op, DoubleMatrix x, DoubleMatrix y, DoubleMatrix z) {
        Shapes.checkSame("zip", x.rows(), x.cols(), y.rows(), y.cols());
        Shapes.checkSame("zip", x.rows(), x.cols(), z.rows(), z.cols());
        if (serial(x.rows(), x.cols())) zipRows(op, x, y, z, 0, x.rows());
        else forChunks(x.rows(), x.cols(), (i0, i1) -> zipRows(op, x, y, z, i0, i1));
    }

    // ================================================================ reductions

    /** Sum of each row, in double: a new array of {@code rows} elements. */
    public double[] rowSums(FloatMatrix a) {
        double[] s = new double[a.rows()];
        forRows(a.rows(), a.cols(), i -> s[i] = kernels.sum(a.cols(), a.data(), a.index(i, 0)));
        return s;
    }

    /** Sum of each row: a new array of {@code rows} elements. */
    public double[] rowSums(DoubleMatrix a) {
        double[] s = new double[a.rows()];
        forRows(a.rows(), a.cols(), i -> s[i] = kernels.sum(a.cols(), a.data(), a.index(i, 0)));
        return s;
    }

    /**
     * Sum of each column, in double: a new array of {@code cols} elements. Rows are added in
     * order, each float widened exactly and added in double, so the only error is that of a
     * double sum (near-constant columns, such as saturated activations, keep their small spread).
     */
    public double[] colSums(FloatMatrix a) {
        double[] s = new double[a.cols()];
        forChunks(a.cols(), a.rows(), (j0, j1) -> {
            for (int i = 0; i < a.rows(); i++) kernels.addWidened(j1 - j0, a.data(), a.index(i, j0), s, j0);
        });
        return s;
    }

    /** Sum of each column: a new array of {@code cols} elements, rows added in order. */
    public double[] colSums(DoubleMatrix a) {
        double[] s = new double[a.cols()];
        forChunks(a.cols(), a.rows(), (j0, j1) -> {
            for (int i = 0; i < a.rows(); i++) kernels.axpy(j1 - j0, 1.0, a.data(), a.index(i, j0), s, j0);
        });
        return s;
    }

    /** {@code sqrt(sum A_ij^2)}, accumulated in double row by row, rows combined in order. */
    public double frobeniusNorm(FloatMatrix a) {
        double[] rows = new double[a.rows()];
        forRows(a.rows(), a.cols(), i -> rows[i] = kernels.sumSquares(a.cols(), a.data(), a.index(i, 0)));
        return Math.sqrt(sumInOrder(rows));
    }

    /** {@code sqrt(sum A_ij^2)}, accumulated row by row, rows combined in order. */
    public double frobeniusNorm(DoubleMatrix a) {
        double[] rows = new double[a.rows()];
        forRows(a.rows(), a.cols(), i -> rows[i] = kernels.sumSquares(a.cols(), a.data(), a.index(i, 0)));
        return Math.sqrt(sumInOrder(rows));
    }

    private static double sumInOrder(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    // Row loops of the matrix operations. The serial path calls them directly and builds the
    // parallel lambda only on the other branch, so a small operation (each element-wise pass of
    // a training step) allocates nothing.

    private void axpyRows(float alpha, FloatMatrix x, FloatMatrix y, int i0, int i1) {
        for (int i = i0; i < i1; i++) kernels.axpy(x.cols(), alpha, x.data(), x.index(i, 0), y.data(), y.index(i, 0));
    }

    private void axpyRows(double alpha, DoubleMatrix x, DoubleMatrix y, int i0, int i1) {
        for (int i = i0; i < i1; i++) kernels.axpy(x.cols(), alpha, x.data(), x.index(i, 0), y.data(), y.index(i, 0));
    }

    private void mapRows(UnaryOp op, float p, FloatMatrix x, FloatMatrix y, int i0, int i1) {
        for (int i = i0; i < i1; i++) kernels.map(op, p, x.cols(), x.data(), x.index(i, 0), y.data(), y.index(i, 0));
    }

    private void mapRows(UnaryOp op, double p, DoubleMatrix x, DoubleMatrix y, int i0, int i1) {
        for (int i = i0; i < i1; i++) kernels.map(op, p, x.cols(), x.data(), x.index(i, 0), y.data(), y.index(i, 0));
    }

    private void zipRows(BinaryOp op, FloatMatrix x, FloatMatrix y, FloatMatrix z, int i0, int i1) {
        for (int i = i0; i < i1; i++) kernels.zip(op, x.cols(), x.data(), x.index(i, 0), y.data(), y.index(i, 0), z.data(), z.index(i, 0));
    }

    private void zipRows(BinaryOp op, DoubleMatrix x, DoubleMatrix y, DoubleMatrix z, int i0, int i1) {
        for (int i = i0; i < i1; i++) kernels.zip(op, x.cols(), x.data(), x.index(i, 0), y.data(), y.index(i, 0), z.data(), z.index(i, 0));
    }

    /** True when {@code n} items of {@code cost} element operations run on the caller alone. */
    private boolean serial(int n, int cost) {
        return (long) n * cost < PARALLEL_MIN_ELEMENTS || workers.threads() == 1;
    }


    // ================================================================ parallel helpers

    /** Range body over [from, to). */
    @FunctionalInterface
    private interface RangeBody { void run(int from, int to); }

    /**
     * Splits [0, n) into contiguous chunks (each item costing about {@code cost} element
     * operations) and runs them on the workers when the total is large enough to pay for it.
     */
    private void forChunks(int n, int cost, RangeBody body) {
        int tasks = serial(n, cost) ? 1 : (int) Math.min(n, 4L * workers.threads());
        if (tasks <= 1) {
            body.run(0, n);
            return;
        }
        workers.forEach(tasks, t -> body.run((int) ((long) t * n / tasks), (int) ((long) (t + 1) * n / tasks)));
    }

    private void forRows(int rows, int cols, IntConsumer row) {
        forChunks(rows, cols, (i0, i1) -> {
            for (int i = i0; i < i1; i++) row.accept(i);
        });
    }
}
