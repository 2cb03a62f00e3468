package dev.vnlab.linalg.kernel;


/**
 * Plain-Java kernels: the fallback when the Vector API is absent or disabled. Simple loops that
 * HotSpot may auto-vectorise; the GEMM tile keeps its accumulators in registers.
 */
public final class ScalarKernels implements Kernels {
    // A 4x4 register tile in 16 scalar locals: measured faster here than row updates of a
    // small accumulator array, which C2 does not vectorise well at these lengths.
    private static final int MR = 4;
    private static final int NR = 4;

    @Override public String name() { return "scalar"; }

    @Override public String describe() {
        return "scalar (plain Java loops), gemm tile float " + MR + "x" + NR + ", double " + MR + "x" + NR;
    }

    // ---------------------------------------------------------------- float32

    @Override public double dot(int n, float[] x, int xOff, float[] y, int yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) x[xOff + i] * y[yOff + i];
        return s;
    }

    @Override public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    @Override public void addWidened(int n, float[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i];
    }

    @Override public double sum(int n, float[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    @Override public double sumSquares(int n, float[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) { double v = x[xOff + i]; s += v * v; }
        return s;
    }

    @Override public void map(UnaryOp op, float p, int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = ScalarOps.apply(op, p, x[xOff + i]);
    }

    @Override public void zip(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        for (int i = 0; i < n; i++) z[zOff + i] = ScalarOps.apply(op, x[xOff + i], y[yOff + i]);
    }

    @Override public void fillUniform(long[] state, float[] out, int off, int n, float lo, float hi) {
        RandomLanes.uniform(state, out, off, n, lo, hi);
    }

    @Override public void fillGaussian(long[] state, float[] out, int off, int n, float mean, float sd) {
        RandomLanes.gaussian(state, out, off, n, mean, sd);
    }

    @Override public void packPanelRows(int kc, int panels, int width, float[] src, int s, int ld, float[] shift, int so, float[] dst, int d) {
        ScalarOps.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
    }

    @Override public void packPanelColumns(int kc, int width, float[] src, int s, int ld, float[] dst, int d) {
        ScalarOps.packPanelColumns(kc, width, src, s, ld, dst, d);
    }

    @Override public int gemmTileRowsFloat() { return MR; }

    @Override public int gemmTileColsFloat() { return NR; }

    @Override public void gemmTile(int kc, float[] ap, int ao, int as, float[] bp, int bo,
                                   float alpha, float[] c, int co, int ldc) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p = 0; p < kc; p++, ao += as, bo += NR) {
            float b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
            float a = ap[ao];
            c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
            a = ap[ao + 1];
            c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
            a = ap[ao + 2];
            c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
            a = ap[ao + 3];
            c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
        }
        int r = co;
        c[r] += alpha * c00; c[r + 1] += alpha * c01; c[r + 2] += alpha * c02; c[r + 3] += alpha * c03;
        r += ldc;
        c[r] += alpha * c10; c[r + 1] += alpha * c11; c[r + 2] += alpha * c12; c[r + 3] += alpha * c13;
        r += ldc;
        c[r] += alpha * c20; c[r + 1] += alpha * c21; c[r + 2] += alpha * c22; c[r + 3] += alpha * c23;
        r += ldc;
        c[r] += alpha * c30; c[r + 1] += alpha * c31; c[r + 2] += alpha * c32; c[r + 3] += alpha * c33;
    }

    // ---------------------------------------------------------------- float64

    @Override public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    @Override public void rot(int n, double c, double s, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            double a = x[xOff + i], b = y[yOff + i];
            x[xOff + i] = c * a - s * b;
            y[yOff + i] = s * a + c * b;
        }
    }

    @Override public void dotAxpy4(int n, double[] a, int aOff, int lda, double[] x, int xOff, double[] alpha, int alphaOff, double[] y, int yOff,
            double[] dots, int dotsOff) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double x0 = alpha[alphaOff], x1 = alpha[alphaOff + 1], x2 = alpha[alphaOff + 2], x3 = alpha[alphaOff + 3];
        for (int i = 0; i < n; i++) {
            double a0 = a[aOff + i], a1 = a[aOff + lda + i], a2 = a[aOff + 2 * lda + i], a3 = a[aOff + 3 * lda + i];
            double xi = x[xOff + i];
            s0 += a0 * xi;
            s1 += a1 * xi;
            s2 += a2 * xi;
            s3 += a3 * xi;
            y[yOff + i] = Math.fma(x3, a3, Math.fma(x2, a2, Math.fma(x1, a1, Math.fma(x0, a0, y[yOff + i]))));
        }
        dots[dotsOff] = s0;
        dots[dotsOff + 1] = s1;
        dots[dotsOff + 2] = s2;
        dots[dotsOff + 3] = s3;
    }

    @Override public double dotAxpy(int n, double alpha, double[] a, int aOff, double[] x, int xOff, double[] y, int yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = a[aOff + i];
            s += v * x[xOff + i];
            y[yOff + i] = Math.fma(alpha, v, y[yOff + i]);
        }
        return s;
    }

    @Override public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    @Override public double sum(int n, double[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    @Override public double sumSquares(int n, double[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) { double v = x[xOff + i]; s += v * v; }
        return s;
    }

    @Override public void map(UnaryOp op, double p, int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = ScalarOps.apply(op, p, x[xOff + i]);
    }

    @Override public void zip(BinaryOp op, int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        for (int i = 0; i < n; i++) z[zOff + i] = ScalarOps.apply(op, x[xOff + i], y[yOff + i]);
    }

    @Override public void fillUniform(long[] state, double[] out, int off, int n, double lo, double hi) {
        RandomLanes.uniform(state, out, off, n, lo, hi);
    }

    @Override public void fillGaussian(long[] state, double[] out, int off, int n, double mean, double sd) {
        RandomLanes.gaussian(state, out, off, n, mean, sd);
    }

    @Override public void packPanelRows(int kc, int panels, int width, double[] src, int s, int ld, double[] shift, int so, double[] dst, int d) {
        ScalarOps.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
    }

    @Override public void packPanelColumns(int kc, int width, double[] src, int s, int ld, double[] dst, int d) {
        ScalarOps.packPanelColumns(kc, width, src, s, ld, dst, d);
    }

    @Override public int gemmTileRowsDouble() { return MR; }

    @Override public int gemmTileColsDouble() { return NR; }

    @Override public void gemmTile(int kc, double[] ap, int ao, int as, double[] bp, int bo,
                                   double alpha, double[] c, int co, int ldc) {
        double c00 = 0.0, c01 = 0.0, c02 = 0.0, c03 = 0.0, c10 = 0.0, c11 = 0.0, c12 = 0.0, c13 = 0.0;
        double c20 = 0.0, c21 = 0.0, c22 = 0.0, c23 = 0.0, c30 = 0.0, c31 = 0.0, c32 = 0.0, c33 = 0.0;
        for (int p = 0; p < kc; p++, ao += as, bo += NR) {
            double b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
            double a = ap[ao];
            c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
            a = ap[ao + 1];
            c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
            a = ap[ao + 2];
            c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
            a = ap[ao + 3];
            c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
        }
        int r = co;
        c[r] += alpha * c00; c[r + 1] += alpha * c01; c[r + 2] += alpha * c02; c[r + 3] += alpha * c03;
        r += ldc;
        c[r] += alpha * c10; c[r + 1] += alpha * c11; c[r + 2] += alpha * c12; c[r + 3] += alpha * c13;
        r += ldc;
        c[r] += alpha * c20; c[r + 1] += alpha * c21; c[r + 2] += alpha * c22; c[r + 3] += alpha * c23;
        r += ldc;
        c[r] += alpha * c30; c[r + 1] += alpha * c31; c[r + 2] += alpha * c32; c[r + 3] += alpha * c33;
    }
}
