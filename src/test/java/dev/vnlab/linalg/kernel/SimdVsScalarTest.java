package dev.vnlab.linalg.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.Reference;
import dev.vnlab.linalg.Reference.Call;
import dev.vnlab.linalg.Reference.Expect;
import dev.vnlab.linalg.Reference.Layout;
import dev.vnlab.linalg.Reference.Mat;
import dev.vnlab.linalg.Reference.Prec;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.parallel.Workers;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Vector API kernels against the scalar ones through the same facade on one thread. They may
 * round differently where summation order differs (fused multiply-adds, float partial sums) but
 * must agree to the precision's accuracy; element-wise operations (scale, zip, every map, the
 * transcendentals included: both use FloatMath / StrictMath definitions) agree bit for bit. Skipped where the incubator module
 * is absent (the scalar-fallback run).
 */
@Tag("kernels")
class SimdVsScalarTest {
    private static Workers one;
    private Blas simd;
    private Blas scalar;

    @BeforeAll static void start() { one = Workers.of(1); }

    @AfterAll static void stop() { one.close(); }

    @BeforeEach void kernels() {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelProvider.simd().isPresent(), "jdk.incubator.vector is not in this JVM");
        simd = Blas.on(one, KernelProvider.simd().orElseThrow());
        scalar = Blas.on(one, KernelProvider.scalar());
        assertThat(simd.kernels().name()).isEqualTo("simd");
        assertThat(scalar.kernels().name()).isEqualTo("scalar");
    }

    @ParameterizedTest
    @EnumSource(Prec.class)
    void gemm(Prec p) {
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {33, 17, 61}, {67, 64, 31}, {150, 211, 300}, {6, 32, 257}};
        int seed = 0;
        for (int[] s : shapes) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    boolean t = ta == Transpose.T, u = tb == Transpose.T;
                    int m = s[0], n = s[1], k = s[2];
                    Random rnd = new Random(seed++);
                    Mat a = Reference.randomMat(p, Layout.VIEW, t ? k : m, t ? m : k, rnd);
                    Mat b = Reference.randomMat(p, Layout.PLAIN, u ? n : k, u ? k : n, rnd);
                    Mat c0 = Reference.randomMat(p, Layout.PLAIN, m, n, rnd);
                    Mat c1 = Reference.mat(p, Layout.WRAPPED, m, n, rnd).setAll(c0.values());
                    Call.gemm(simd, ta, tb, -0.5, a, b, 2, c0);
                    Call.gemm(scalar, ta, tb, -0.5, a, b, 2, c1);
                    // The error bound of each, twice: they may err in opposite directions.
                    Expect bound = Reference.gemm(t, u, m, n, k, -0.5, a.values(), b.values(), 2, c1.values());
                    Reference.assertClose(p + " gemm " + ta + tb + " " + m + "x" + n + "x" + k + " simd vs scalar",
                            c0.values(), new Expect(c1.values(), bound.bound()), 2 * p.sumTol(k));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Prec.class)
    void syrkAndGemv(Prec p) {
        Random rnd = new Random(5);
        Mat a = Reference.randomMat(p, Layout.VIEW, 300, 67, rnd);
        Mat c0 = Reference.mat(p, Layout.PLAIN, 67, 67, rnd).fill(Double.NaN), c1 = Reference.mat(p, Layout.VIEW, 67, 67, rnd).fill(Double.NaN);
        Call.syrk(simd, 1, a, 0, c0);
        Call.syrk(scalar, 1, a, 0, c1);
        Expect bound = Reference.gemm(true, false, 67, 67, 300, 1, a.values(), a.values(), 0, null);
        Reference.assertClose(p + " syrk simd vs scalar", c0.values(), new Expect(c1.values(), bound.bound()), 2 * p.sumTol(300));

        for (Transpose ta : Transpose.values()) {
            int m = ta == Transpose.T ? 67 : 300, n = ta == Transpose.T ? 300 : 67;
            double[] x = Reference.randomVector(p, n, rnd, -1, 1), y = Reference.randomVector(p, m, rnd, -1, 1);
            double[] g0 = Call.gemv(simd, ta, 1.5, a, x, -1, y), g1 = Call.gemv(scalar, ta, 1.5, a, x, -1, y);
            Expect e = Reference.gemv(ta == Transpose.T, m, n, 1.5, a.values(), x, -1, y);
            double[] b = new double[m];
            for (int i = 0; i < m; i++) b[i] = e.bound()[i][0];
            Reference.assertClose(p + " gemv " + ta + " simd vs scalar", g0, g1, b, 2 * p.sumTol(n));
        }
    }

    @ParameterizedTest
    @EnumSource(Prec.class)
    void vectorOps(Prec p) {
        for (int n : Reference.LENGTHS) {
            Random rnd = new Random(n);
            double[] x = Reference.randomVector(p, n, rnd, -4, 4), y = Reference.randomVector(p, n, rnd, -4, 4);
            double[] mag = Reference.accurateDot(x, y, n);
            assertThat(Call.dot(simd, p, x, y)).as("%s dot n=%d", p, n).isCloseTo(Call.dot(scalar, p, x, y), within(2 * p.sumTol(n) * mag[1]));

            double[] ax0 = Call.axpy(simd, 0.3, p, x, y), ax1 = Call.axpy(scalar, 0.3, p, x, y), b = new double[n];
            for (int i = 0; i < n; i++) b[i] = Math.abs(y[i]) + Math.abs(0.3 * x[i]);
            Reference.assertClose(p + " axpy n=" + n, ax0, ax1, b, 4 * p.eps);

            Reference.assertSameValues(p + " scale n=" + n, Call.scale(simd, -0.1, p, x), Call.scale(scalar, -0.1, p, x));

            for (UnaryOp op : UnaryOp.values()) {
                double param = p.round(Reference.paramFor(op));
                double[] m0 = Call.map(simd, op, param, p, x, false), m1 = Call.map(scalar, op, param, p, x, false);
                Reference.assertBitsEqual(p + " map " + op + " n=" + n, m0, m1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Prec.class)
    void matrixOpsAndReductions(Prec p) {
        Random rnd = new Random(9);
        for (int[] s : new int[][] {{1, 1}, {17, 65}, {1000, 33}, {3, 4099}}) {
            Mat x = Reference.randomMat(p, Layout.VIEW, s[0], s[1], rnd), y = Reference.randomMat(p, Layout.WRAPPED, s[0], s[1], rnd);
            for (BinaryOp op : BinaryOp.values()) {
                Mat z0 = Reference.mat(p, Layout.PLAIN, s[0], s[1], rnd), z1 = Reference.mat(p, Layout.VIEW, s[0], s[1], rnd);
                Call.zip(simd, op, x, y, z0);
                Call.zip(scalar, op, x, y, z1);
                Reference.assertSameValues(p + " zip " + op + " " + s[0] + "x" + s[1], z0.flat(), z1.flat());
            }
            double[] xv = x.flat();
            double total = Reference.accurateDot(xv, xv, xv.length)[1];
            double[][] v = x.values();
            double[] rowMag = new double[s[0]], colMag = new double[s[1]];
            for (int i = 0; i < s[0]; i++) {
                for (int j = 0; j < s[1]; j++) {
                    rowMag[i] += Math.abs(v[i][j]);
                    colMag[j] += Math.abs(v[i][j]);
                }
            }
            String what = p + " " + s[0] + "x" + s[1];
            Reference.assertClose(what + " rowSums simd vs scalar", Call.rowSums(simd, x), Call.rowSums(scalar, x), rowMag, 2 * p.sumTol(s[1]));
            Reference.assertClose(what + " colSums simd vs scalar", Call.colSums(simd, x), Call.colSums(scalar, x), colMag, 2 * p.sumTol(s[0]));
            double f0 = Call.frobeniusNorm(simd, x), f1 = Call.frobeniusNorm(scalar, x);
            assertThat(f0).as("%s frobeniusNorm", what).isCloseTo(f1, within(2 * p.sumTol(xv.length) * Math.sqrt(total)));
        }
    }

    /** Both kernel sets report themselves and their GEMM tile shapes consistently. */
    @Test
    void describeAndTiles() {
        Kernels s = KernelProvider.simd().orElseThrow(), c = KernelProvider.scalar();
        assertThat(s.describe()).startsWith("simd");
        assertThat(c.describe()).startsWith("scalar");
        String rows = System.getProperty("vnlab.gemm.tileRows");
        if (rows != null) { // the tile-rows runs must really use the height they name
            assertThat(s.gemmTileRowsFloat()).isEqualTo(Integer.parseInt(rows));
            assertThat(s.gemmTileRowsDouble()).isEqualTo(Integer.parseInt(rows));
        }
        for (Kernels k : new Kernels[] {s, c}) {
            assertThat(k.gemmTileRowsFloat()).isPositive();
            assertThat(k.gemmTileColsFloat()).isPositive();
            assertThat(k.gemmTileRowsDouble()).isPositive();
            assertThat(k.gemmTileColsDouble()).isPositive();
        }
    }
}
