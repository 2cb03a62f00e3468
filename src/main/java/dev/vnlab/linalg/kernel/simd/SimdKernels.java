package dev.vnlab.linalg.kernel.simd;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.linalg.kernel.RandomLanes;

/**
 * Kernels on the Java Vector API. Loaded reflectively by the provider only when the
 * {@code jdk.incubator.vector} module is in the boot layer, so the rest of vnlab never links
 * against it. The float and double loops live in {@link SimdFloat} and {@link SimdDouble}: Java
 * has no generics over primitive vectors that C2 still compiles to plain SIMD instructions.
 */
public final class SimdKernels implements Kernels {

    /** Refuses to load on a vector shape the kernels do not handle; the provider then falls back to scalar. */
    public SimdKernels() {
        if (!SimdRandom.supported()) throw new IllegalStateException("unsupported preferred vector species " + SimdFloat.S);
    }

    @Override public String name() { return "simd"; }

    @Override public String describe() {
        return "simd (jdk.incubator.vector), float " + SimdFloat.S + " tile " + SimdFloat.MR + "x" + SimdFloat.NR
                + ", double " + SimdDouble.S + " tile " + SimdDouble.MR + "x" + SimdDouble.NR;
    }

    /** Lanes of the preferred float species, e.g. 16 on AVX-512, 8 on AVX2. */
    public static int floatLanes() { return SimdFloat.L; }

    @Override public double dot(int n, float[] x, int xOff, float[] y, int yOff) { return SimdFloat.dot(n, x, xOff, y, yOff); }
    @Override public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) { SimdFloat.axpy(n, alpha, x, xOff, y, yOff); }
    @Override public double sum(int n, float[] x, int xOff) { return SimdFloat.sum(n, x, xOff); }
    @Override public double sumSquares(int n, float[] x, int xOff) { return SimdFloat.sumSquares(n, x, xOff); }
    @Override public void map(UnaryOp op, float p, int n, float[] x, int xOff, float[] y, int yOff) { SimdFloat.map(op, p, n, x, xOff, y, yOff); }
    @Override public void zip(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) { SimdFloat.zip(op, n, x, xOff, y, yOff, z, zOff); }
    @Override public void fillUniform(long[] state, float[] out, int off, int n, float lo, float hi) { SimdRandom.uniform(state, out, off, n, lo, hi); }
    @Override public void fillGaussian(long[] state, float[] out, int off, int n, float mean, float sd) { SimdRandom.gaussian(state, out, off, n, mean, sd); }
    @Override public void addWidened(int n, float[] x, int xOff, double[] y, int yOff) { SimdFloat.addWidened(n, x, xOff, y, yOff); }
    @Override public void packPanelRows(int kc, int panels, int width, float[] src, int s, int ld, float[] shift, int so, float[] dst, int d) {
        SimdFloat.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
    }
    @Override public void packPanelColumns(int kc, int width, float[] src, int s, int ld, float[] dst, int d) {
        SimdFloat.packPanelColumns(kc, width, src, s, ld, dst, d);
    }
    @Override public int gemmTileRowsFloat() { return SimdFloat.MR; }
    @Override public int gemmTileColsFloat() { return SimdFloat.NR; }
    @Override public void gemmTile(int kc, float[] ap, int apOff, int apStride, float[] bp, int bpOff, float alpha, float[] c, int cOff, int ldc) {
        FloatGemmMicroKernel.gemmTile(kc, ap, apOff, apStride, bp, bpOff, alpha, c, cOff, ldc);
    }

    @Override public double dot(int n, double[] x, int xOff, double[] y, int yOff) { return SimdDouble.dot(n, x, xOff, y, yOff); }
    @Override public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) { SimdDouble.axpy(n, alpha, x, xOff, y, yOff); }
    @Override public double dotAxpy(int n, double alpha, double[] a, int aOff, double[] x, int xOff, double[] y, int yOff) {
        return SimdDouble.dotAxpy(n, alpha, a, aOff, x, xOff, y, yOff);
    }
    @Override public void rot(int n, double c, double s, double[] x, int xOff, double[] y, int yOff) {
        SimdDouble.rot(n, c, s, x, xOff, y, yOff);
    }
    @Override public void dotAxpy4(int n, double[] a, int aOff, int lda, double[] x, int xOff, double[] alpha, int alphaOff, double[] y, int yOff,
            double[] dots, int dotsOff) {
        SimdDouble.dotAxpy4(n, a, aOff, lda, x, xOff, alpha, alphaOff, y, yOff, dots, dotsOff);
    }
    @Override public double sum(int n, double[] x, int xOff) { return SimdDouble.sum(n, x, xOff); }
    @Override public double sumSquares(int n, double[] x, int xOff) { return SimdDouble.sumSquares(n, x, xOff); }
    @Override public void map(UnaryOp op, double p, int n, double[] x, int xOff, double[] y, int yOff) { SimdDouble.map(op, p, n, x, xOff, y, yOff); }
    @Override public void zip(BinaryOp op, int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) { SimdDouble.zip(op, n, x, xOff, y, yOff, z, zOff); }
    @Override public void fillUniform(long[] state, double[] out, int off, int n, double lo, double hi) { SimdRandom.uniform(state, out, off, n, lo, hi); }
    /** float64 Gaussians stay scalar: the vector log/sin/cos would tie their bits to JIT state. */
    @Override public void fillGaussian(long[] state, double[] out, int off, int n, double mean, double sd) { RandomLanes.gaussian(state, out, off, n, mean, sd); }
    @Override public void packPanelRows(int kc, int panels, int width, double[] src, int s, int ld, double[] shift, int so, double[] dst, int d) {
        SimdDouble.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
    }
    @Override public void packPanelColumns(int kc, int width, double[] src, int s, int ld, double[] dst, int d) {
        SimdDouble.packPanelColumns(kc, width, src, s, ld, dst, d);
    }
    @Override public int gemmTileRowsDouble() { return SimdDouble.MR; }
    @Override public int gemmTileColsDouble() { return SimdDouble.NR; }
    @Override public void gemmTile(int kc, double[] ap, int apOff, int apStride, double[] bp, int bpOff, double alpha, double[] c, int cOff, int ldc) {
        DoubleGemmMicroKernel.gemmTile(kc, ap, apOff, apStride, bp, bpOff, alpha, c, cOff, ldc);
    }
}
