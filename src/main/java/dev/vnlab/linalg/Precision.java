package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.linalg.kernel.Kernels;
import java.util.Arrays;

/**
 * float32 or float64: the few primitive-typed operations that vnlab's precision-independent
 * algorithms (GEMM blocking and packing, Householder QR) need, so that each algorithm is written
 * once and serves both {@link FloatMatrix} and {@link DoubleMatrix}. Scalars cross this boundary
 * as double; per-element calls are for O(n^2) work only, the O(n^3) work goes through
 * {@link #gemm} and the vector kernels.
 *
 * @param <A> the array type, {@code float[]} or {@code double[]}
 * @param <M> the matching matrix type
 */
public abstract sealed class Precision<A, M> {
    public static final Precision<float[], FloatMatrix> FLOAT = new F32();
    public static final Precision<double[], DoubleMatrix> DOUBLE = new F64();

    private Precision() {}

    /** "float32" or "float64". */
    public abstract String name();

    /** Machine epsilon: the gap between 1 and the next representable value (2^-23 or 2^-52). */
    public abstract double epsilon();

    public abstract A alloc(int n);

    public abstract int length(A a);

    public abstract double get(A a, int i);

    public abstract void set(A a, int i, double v);

    /** A new zero matrix. */
    public abstract M matrix(int rows, int cols);

    /** Wraps (no copy) {@code data} with element (i, j) at {@code offset + i * stride + j}. */
    public abstract M wrap(A data, int offset, int rows, int cols, int stride);

    public abstract A data(M m);

    public abstract int offset(M m);

    public abstract int stride(M m);

    public abstract int rows(M m);

    public abstract int cols(M m);

    /** {@code dst[d + i*dStride] = src[s + i*sStride]} for i in [0, n). */
    public abstract void copy(A src, int s, int sStride, A dst, int d, int dStride, int n);

    public abstract void zero(A a, int off, int n);

    /** Sum of {@code x[i] * y[i]} through the kernels, in double. */
    public abstract double dot(Kernels k, int n, A x, int xo, A y, int yo);

    /** {@code y[i] += alpha * x[i]} through the kernels. */
    public abstract void axpy(Kernels k, int n, double alpha, A x, int xo, A y, int yo);

    /** {@code x[i] *= beta}; beta == 0 writes zeros, so NaN or Inf in x do not survive. */
    public final void scale(Kernels k, double beta, int n, A x, int xo) {
        if (beta == 0) zero(x, xo, n);
        else if (beta != 1) scaleNonZero(k, beta, n, x, xo);
    }

    /**
     * Unchecked GEMM on raw storage: {@code C = alpha op(A) op(B) + beta C}, op(A) m x k,
     * op(B) k x n, row-major with the given leading dimensions. For algorithms that have checked
     * their shapes already; everyone else uses {@link Blas#gemm}.
     */
    public final void gemm(Blas blas, boolean transA, boolean transB, int m, int n, int k, double alpha,
                           A a, int aOff, int lda, A b, int bOff, int ldb, double beta, A c, int cOff, int ldc) {
        GemmDriver.gemm(this, blas.kernels(), blas.workers(), transA, transB, m, n, k, alpha,
                a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, Triangle.ALL, null);
    }

    /**
     * {@link #gemm} for a product known to be symmetric (n x n): computes only the register tiles
     * that touch C's upper triangle, so entries strictly below the diagonal are left partly
     * updated. For algorithms that read one triangle.
     */
    public final void gemmUpper(Blas blas, boolean transA, boolean transB, int n, int k, double alpha,
                                A a, int aOff, int lda, A b, int bOff, int ldb, double beta, A c, int cOff, int ldc) {
        GemmDriver.gemm(this, blas.kernels(), blas.workers(), transA, transB, n, n, k, alpha,
                a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, Triangle.UPPER, null);
    }

    /**
     * {@link #gemmUpper} for the lower triangle, with a {@code shift} (null for none) subtracted
     * from column j of A and B: {@code (A - 1 s^T)^T (B - 1 s^T)}; only for transA and not transB.
     */
    public final void gemmLower(Blas blas, boolean transA, boolean transB, int n, int k, double alpha,
                                A a, int aOff, int lda, A b, int bOff, int ldb, A shift, double beta, A c, int cOff, int ldc) {
        GemmDriver.gemm(this, blas.kernels(), blas.workers(), transA, transB, n, n, k, alpha,
                a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, Triangle.LOWER, shift);
    }

    abstract int tileRows(Kernels k);

    abstract int tileCols(Kernels k);

    /** {@link Kernels#packPanelRows} in this precision (shift may be null). */
    abstract void packPanelRows(Kernels k, int kc, int panels, int width, A src, int s, int ld, A shift, int so, A dst, int d);

    /** {@code dst[d + i] = src[s + i] - shift[so + i]} for i < n (the kernels' SUB); a plain copy when shift is null. */
    abstract void copyShifted(Kernels k, A src, int s, A shift, int so, A dst, int d, int n);

    /** {@link Kernels#packPanelColumns} in this precision. */
    abstract void packPanelColumns(Kernels k, int kc, int width, A src, int s, int ld, A dst, int d);

    /** One full register tile: {@code C[0:MR, 0:NR] += alpha * Ap * Bp}, Ap's k-steps {@code as} apart. */
    abstract void tile(Kernels k, int kc, A ap, int ao, int as, A bp, int bo, double alpha, A c, int co, int ldc);

    abstract void scaleNonZero(Kernels k, double beta, int n, A x, int xo);

    /** {@code y[i] += x[i]}, rounded once per element. */
    final void addInto(Kernels k, int n, A x, int xo, A y, int yo) { axpy(k, n, 1.0, x, xo, y, yo); }

    private static final class F32 extends Precision<float[], FloatMatrix> {
        @Override public String name() { return "float32"; }
        @Override public double epsilon() { return Math.ulp(1f); }
        @Override public float[] alloc(int n) { return new float[n]; }
        @Override public int length(float[] a) { return a.length; }
        @Override public double get(float[] a, int i) { return a[i]; }
        @Override public void set(float[] a, int i, double v) { a[i] = (float) v; }
        @Override public FloatMatrix matrix(int rows, int cols) { return new FloatMatrix(rows, cols); }
        @Override public FloatMatrix wrap(float[] data, int offset, int rows, int cols, int stride) {
            return FloatMatrix.wrap(data, offset, rows, cols, stride);
        }
        @Override public float[] data(FloatMatrix m) { return m.data(); }
        @Override public int offset(FloatMatrix m) { return m.offset(); }
        @Override public int stride(FloatMatrix m) { return m.stride(); }
        @Override public int rows(FloatMatrix m) { return m.rows(); }
        @Override public int cols(FloatMatrix m) { return m.cols(); }
        @Override public void copy(float[] src, int s, int sStride, float[] dst, int d, int dStride, int n) {
            if (sStride == 1 && dStride == 1) System.arraycopy(src, s, dst, d, n);
            else for (int i = 0; i < n; i++, s += sStride, d += dStride) dst[d] = src[s];
        }
        @Override public void zero(float[] a, int off, int n) { Arrays.fill(a, off, off + n, 0f); }
        @Override public double dot(Kernels k, int n, float[] x, int xo, float[] y, int yo) { return k.dot(n, x, xo, y, yo); }
        @Override public void axpy(Kernels k, int n, double alpha, float[] x, int xo, float[] y, int yo) {
            k.axpy(n, (float) alpha, x, xo, y, yo);
        }
        @Override int tileRows(Kernels k) { return k.gemmTileRowsFloat(); }
        @Override int tileCols(Kernels k) { return k.gemmTileColsFloat(); }
        @Override void copyShifted(Kernels k, float[] src, int s, float[] shift, int so, float[] dst, int d, int n) {
            if (shift == null) System.arraycopy(src, s, dst, d, n);
            else k.zip(BinaryOp.SUB, n, src, s, shift, so, dst, d);
        }
        @Override void packPanelRows(Kernels k, int kc, int panels, int width, float[] src, int s, int ld, float[] shift, int so, float[] dst, int d) {
            k.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
        }
        @Override void packPanelColumns(Kernels k, int kc, int width, float[] src, int s, int ld, float[] dst, int d) {
            k.packPanelColumns(kc, width, src, s, ld, dst, d);
        }
        @Override void tile(Kernels k, int kc, float[] ap, int ao, int as, float[] bp, int bo, double alpha, float[] c, int co, int ldc) {
            k.gemmTile(kc, ap, ao, as, bp, bo, (float) alpha, c, co, ldc);
        }
        @Override void scaleNonZero(Kernels k, double beta, int n, float[] x, int xo) {
            k.map(UnaryOp.SCALE, (float) beta, n, x, xo, x, xo);
        }
    }

    private static final class F64 extends Precision<double[], DoubleMatrix> {
        @Override public String name() { return "float64"; }
        @Override public double epsilon() { return Math.ulp(1.0); }
        @Override public double[] alloc(int n) { return new double[n]; }
        @Override public int length(double[] a) { return a.length; }
        @Override public double get(double[] a, int i) { return a[i]; }
        @Override public void set(double[] a, int i, double v) { a[i] = v; }
        @Override public DoubleMatrix matrix(int rows, int cols) { return new DoubleMatrix(rows, cols); }
        @Override public DoubleMatrix wrap(double[] data, int offset, int rows, int cols, int stride) {
            return DoubleMatrix.wrap(data, offset, rows, cols, stride);
        }
        @Override public double[] data(DoubleMatrix m) { return m.data(); }
        @Override public int offset(DoubleMatrix m) { return m.offset(); }
        @Override public int stride(DoubleMatrix m) { return m.stride(); }
        @Override public int rows(DoubleMatrix m) { return m.rows(); }
        @Override public int cols(DoubleMatrix m) { return m.cols(); }
        @Override public void copy(double[] src, int s, int sStride, double[] dst, int d, int dStride, int n) {
            if (sStride == 1 && dStride == 1) System.arraycopy(src, s, dst, d, n);
            else for (int i = 0; i < n; i++, s += sStride, d += dStride) dst[d] = src[s];
        }
        @Override public void zero(double[] a, int off, int n) { Arrays.fill(a, off, off + n, 0.0); }
        @Override public double dot(Kernels k, int n, double[] x, int xo, double[] y, int yo) { return k.dot(n, x, xo, y, yo); }
        @Override public void axpy(Kernels k, int n, double alpha, double[] x, int xo, double[] y, int yo) {
            k.axpy(n, alpha, x, xo, y, yo);
        }
        @Override int tileRows(Kernels k) { return k.gemmTileRowsDouble(); }
        @Override int tileCols(Kernels k) { return k.gemmTileColsDouble(); }
        @Override void copyShifted(Kernels k, double[] src, int s, double[] shift, int so, double[] dst, int d, int n) {
            if (shift == null) System.arraycopy(src, s, dst, d, n);
            else k.zip(BinaryOp.SUB, n, src, s, shift, so, dst, d);
        }
        @Override void packPanelRows(Kernels k, int kc, int panels, int width, double[] src, int s, int ld, double[] shift, int so, double[] dst, int d) {
            k.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
        }
        @Override void packPanelColumns(Kernels k, int kc, int width, double[] src, int s, int ld, double[] dst, int d) {
            k.packPanelColumns(kc, width, src, s, ld, dst, d);
        }
        @Override void tile(Kernels k, int kc, double[] ap, int ao, int as, double[] bp, int bo, double alpha, double[] c, int co, int ldc) {
            k.gemmTile(kc, ap, ao, as, bp, bo, alpha, c, co, ldc);
        }
        @Override void scaleNonZero(Kernels k, double beta, int n, double[] x, int xo) {
            k.map(UnaryOp.SCALE, beta, n, x, xo, x, xo);
        }
    }
}
