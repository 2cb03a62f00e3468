package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.Kernels;
import java.util.Arrays;

/**
 * The few primitive-typed operations the precision-independent drivers (GEMM blocking,
 * packing) need, for float[] and double[] arrays. Everything above this class is written once.
 *
 * @param <A> the array type, {@code float[]} or {@code double[]}
 */
abstract sealed class Precision<A> {
    static final Precision<float[]> FLOAT = new F32();
    static final Precision<double[]> DOUBLE = new F64();

    abstract A alloc(int n);

    abstract int length(A a);

    abstract int tileRows(Kernels k);

    abstract int tileCols(Kernels k);

    /** One full register tile: {@code C[0:MR, 0:NR] += alpha * Ap * Bp}. */
    abstract void tile(Kernels k, int kc, A ap, int ao, A bp, int bo, double alpha, A c, int co, int ldc);

    /** {@code dst[d + i*dStride] = src[s + i*sStride]} for i in [0, n). */
    abstract void copy(A src, int s, int sStride, A dst, int d, int dStride, int n);

    abstract void zero(A a, int off, int n);

    /** {@code y[i] += x[i]}, rounded once per element. */
    abstract void addInto(Kernels k, int n, A x, int xo, A y, int yo);

    /** {@code x[i] *= beta}; beta == 0 writes zeros, so NaN or Inf in x do not survive. */
    final void scale(Kernels k, double beta, int n, A x, int xo) {
        if (beta == 0) zero(x, xo, n);
        else if (beta != 1) scaleNonZero(k, beta, n, x, xo);
    }

    abstract void scaleNonZero(Kernels k, double beta, int n, A x, int xo);

    private static final class F32 extends Precision<float[]> {
        @Override float[] alloc(int n) { return new float[n]; }
        @Override int length(float[] a) { return a.length; }
        @Override int tileRows(Kernels k) { return k.gemmTileRowsFloat(); }
        @Override int tileCols(Kernels k) { return k.gemmTileColsFloat(); }
        @Override void tile(Kernels k, int kc, float[] ap, int ao, float[] bp, int bo, double alpha, float[] c, int co, int ldc) {
            k.gemmTile(kc, ap, ao, bp, bo, (float) alpha, c, co, ldc);
        }
        @Override void copy(float[] src, int s, int sStride, float[] dst, int d, int dStride, int n) {
            for (int i = 0; i < n; i++, s += sStride, d += dStride) dst[d] = src[s];
        }
        @Override void zero(float[] a, int off, int n) { Arrays.fill(a, off, off + n, 0f); }
        @Override void addInto(Kernels k, int n, float[] x, int xo, float[] y, int yo) { k.axpy(n, 1f, x, xo, y, yo); }
        @Override void scaleNonZero(Kernels k, double beta, int n, float[] x, int xo) {
            k.map(UnaryOp.SCALE, (float) beta, n, x, xo, x, xo);
        }
    }

    private static final class F64 extends Precision<double[]> {
        @Override double[] alloc(int n) { return new double[n]; }
        @Override int length(double[] a) { return a.length; }
        @Override int tileRows(Kernels k) { return k.gemmTileRowsDouble(); }
        @Override int tileCols(Kernels k) { return k.gemmTileColsDouble(); }
        @Override void tile(Kernels k, int kc, double[] ap, int ao, double[] bp, int bo, double alpha, double[] c, int co, int ldc) {
            k.gemmTile(kc, ap, ao, bp, bo, alpha, c, co, ldc);
        }
        @Override void copy(double[] src, int s, int sStride, double[] dst, int d, int dStride, int n) {
            for (int i = 0; i < n; i++, s += sStride, d += dStride) dst[d] = src[s];
        }
        @Override void zero(double[] a, int off, int n) { Arrays.fill(a, off, off + n, 0.0); }
        @Override void addInto(Kernels k, int n, double[] x, int xo, double[] y, int yo) { k.axpy(n, 1.0, x, xo, y, yo); }
        @Override void scaleNonZero(Kernels k, double beta, int n, double[] x, int xo) {
            k.map(UnaryOp.SCALE, beta, n, x, xo, x, xo);
        }
    }
}
