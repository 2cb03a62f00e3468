package dev.vnlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Reference.Call;
import dev.vnlab.linalg.Reference.Expect;
import dev.vnlab.linalg.Reference.Layout;
import dev.vnlab.linalg.Reference.Mat;
import dev.vnlab.linalg.Reference.Prec;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMM against the naive reference, for every kernel set this JVM has, both precisions, all
 * four transpose combinations, awkward and mixed shapes, alpha/beta variants (beta = 0 over NaN),
 * operands and results that are views, degenerate dimensions, and shapes large enough to cross
 * GemmDriver's KC/MC/NC blocking and to take its parallel path (two workers).
 */
@Tag("kernels")
class GemmTest {
    /** alpha, beta, and whether C starts as NaN (only meaningful with beta = 0). */
    record AB(double alpha, double beta, boolean nanC) {
        @Override public String toString() { return "alpha=" + alpha + " beta=" + beta + (nanC ? " C=NaN" : ""); }
    }

    static final AB[] ABS = {
        new AB(1, 0, true), new AB(-0.5, 2, false), new AB(1, 1, false), new AB(2.25, 0, true),
        new AB(0, -1.5, false), new AB(0, 0, true), new AB(-1, 0.5, false),
    };

    record Case(Kernels kernels, Transpose ta, Transpose tb, int m, int n, int k, AB ab, Layout la, Layout lb, Layout lc, long seed) {
        @Override public String toString() {
            return kernels.name() + " " + ta + tb + " m=" + m + " n=" + n + " k=" + k + " " + ab + " A " + la + ", B " + lb + ", C " + lc;
        }
    }

    private static Workers workers;
    private static final Layout[] LAYOUTS = Layout.values();

    @BeforeAll static void start() { workers = Workers.of(2); }

    @AfterAll static void stop() { workers.close(); }

    /** A seeded sample of the shape cross product plus the square sizes and the degenerate shapes. */
    static Stream<Case> smallCases() {
        SplittableRandom r = new SplittableRandom(0x5eed_6e33L);
        int[] s = Reference.SIZES;
        List<Case> out = new ArrayList<>();
        for (Kernels kern : Reference.kernelSets()) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    for (int t = 0; t < 14; t++) {
                        out.add(new Case(kern, ta, tb, s[r.nextInt(s.length)], s[r.nextInt(s.length)], s[r.nextInt(s.length)],
                                ABS[r.nextInt(ABS.length)], LAYOUTS[r.nextInt(3)], LAYOUTS[r.nextInt(3)], LAYOUTS[r.nextInt(3)], r.nextLong()));
                    }
                }
            }
            for (int i = 0; i < s.length; i++) { // every size square, rotating the transposes
                Transpose ta = Transpose.values()[i % 2], tb = Transpose.values()[(i / 2) % 2];
                out.add(new Case(kern, ta, tb, s[i], s[i], s[i], ABS[i % ABS.length], LAYOUTS[i % 3], LAYOUTS[(i + 1) % 3], LAYOUTS[(i + 2) % 3], i));
            }
            int[][] degenerate = {{3, 5, 0}, {17, 33, 0}, {0, 7, 5}, {6, 0, 9}, {0, 0, 3}, {0, 4, 0}, {1, 1, 1}, {1, 67, 1}, {67, 1, 2}, {1, 1, 67}};
            for (int i = 0; i < degenerate.length; i++) {
                int[] d = degenerate[i];
                for (AB ab : new AB[] {ABS[0], ABS[1]}) {
                    out.add(new Case(kern, Transpose.values()[i % 2], Transpose.values()[(i / 2) % 2], d[0], d[1], d[2], ab,
                            LAYOUTS[i % 3], LAYOUTS[(i + 2) % 3], LAYOUTS[(i + 1) % 3], 100 + i));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCases")
    void gemmFloat(Case c) { check(Prec.FLOAT, c, workers); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCases")
    void gemmDouble(Case c) { check(Prec.DOUBLE, c, workers); }

    /**
     * Shapes crossing the blocking constants: k > KC = 256 (several k blocks, partial last one),
     * m > MC = 144 (several row blocks), n spanning many tile widths, and one n > NC = 4096.
     */
    static Stream<Case> largeCases() {
        int[][] shapes = {{289, 203, 557}, {150, 450, 300}, {301, 97, 600}, {217, 333, 389}};
        List<Case> out = new ArrayList<>();
        int i = 0;
        for (Kernels kern : Reference.kernelSets()) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    int[] sh = shapes[i % shapes.length];
                    out.add(new Case(kern, ta, tb, sh[0], sh[1], sh[2], ABS[1 + i % 3], LAYOUTS[i % 3], LAYOUTS[(i + 1) % 3], LAYOUTS[(i + 2) % 3], 1000 + i));
                    i++;
                }
            }
            // Wide: two NC column blocks; deep and thin: many k blocks into few outputs.
            out.add(new Case(kern, Transpose.N, Transpose.N, 7, 4100, 5, ABS[1], Layout.PLAIN, Layout.VIEW, Layout.WRAPPED, 2000));
            out.add(new Case(kern, Transpose.T, Transpose.T, 13, 4099, 3, ABS[0], Layout.VIEW, Layout.PLAIN, Layout.VIEW, 2001));
            out.add(new Case(kern, Transpose.N, Transpose.T, 5, 3, 1100, ABS[2], Layout.WRAPPED, Layout.VIEW, Layout.PLAIN, 2002));
            out.add(new Case(kern, Transpose.T, Transpose.N, 2, 1, 769, ABS[3], Layout.PLAIN, Layout.PLAIN, Layout.VIEW, 2003));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeCases")
    void gemmFloatMultiBlock(Case c) { check(Prec.FLOAT, c, workers); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeCases")
    void gemmDoubleMultiBlock(Case c) { check(Prec.DOUBLE, c, workers); }

    /** The same large shapes on one thread: GemmDriver's serial loop nest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("largeCases")
    void gemmFloatMultiBlockOneThread(Case c) {
        try (Workers one = Workers.of(1)) {
            check(Prec.FLOAT, c, one);
        }
    }

    static void check(Prec p, Case c, Workers w) {
        Random rnd = new Random(c.seed());
        boolean ta = c.ta() == Transpose.T, tb = c.tb() == Transpose.T;
        Mat a = Reference.randomMat(p, c.la(), ta ? c.k() : c.m(), ta ? c.m() : c.k(), rnd);
        Mat b = Reference.randomMat(p, c.lb(), tb ? c.n() : c.k(), tb ? c.k() : c.n(), rnd);
        Mat cm = Reference.mat(p, c.lc(), c.m(), c.n(), rnd);
        if (c.ab().nanC()) cm.fill(Double.NaN); else cm.random(rnd, -1, 1);
        cm.snapshot();
        Expect e = Reference.gemm(ta, tb, c.m(), c.n(), c.k(), p.round(c.ab().alpha()), a.values(), b.values(),
                p.round(c.ab().beta()), cm.values());

        Call.gemm(Blas.on(w, c.kernels()), c.ta(), c.tb(), c.ab().alpha(), a, b, c.ab().beta(), cm);

        Reference.assertClose(p + " " + c, cm.values(), e, p.sumTol(c.k()));
        cm.assertOutsideUnchanged(p + " " + c);
        a.assertUnchanged("A of " + c);
        b.assertUnchanged("B of " + c);
    }

    /** multiply() returns a new m x n product, leaving its operands alone. */
    @ParameterizedTest
    @EnumSource(Prec.class)
    void multiplyReturnsTheProduct(Prec p) {
        Random rnd = new Random(7);
        Mat a = Reference.randomMat(p, Layout.VIEW, 33, 17, rnd), b = Reference.randomMat(p, Layout.WRAPPED, 17, 31, rnd);
        Expect e = Reference.gemm(false, false, 33, 31, 17, 1, a.values(), b.values(), 0, null);
        double[][] got;
        if (p == Prec.FLOAT) {
            FloatMatrix c = Blas.on(workers).multiply(a.f, b.f);
            assertThat(new int[] {c.rows(), c.cols(), c.stride(), c.offset()}).containsExactly(33, 31, 31, 0);
            got = toRows(c.toArray());
        } else {
            DoubleMatrix c = Blas.on(workers).multiply(a.d, b.d);
            assertThat(new int[] {c.rows(), c.cols(), c.stride(), c.offset()}).containsExactly(33, 31, 31, 0);
            got = c.toArray();
        }
        Reference.assertClose("multiply " + p, got, e, p.sumTol(17));
        a.assertUnchanged("A");
        b.assertUnchanged("B");
    }

    private static double[][] toRows(float[][] f) {
        double[][] d = new double[f.length][];
        for (int i = 0; i < f.length; i++) d[i] = Reference.toDouble(f[i]);
        return d;
    }

    /** A product whose exact value is known without a reference: A times the identity is A, bit for bit. */
    @ParameterizedTest
    @EnumSource(Prec.class)
    void identityIsExact(Prec p) {
        Random rnd = new Random(11);
        for (Kernels kern : Reference.kernelSets()) {
            for (Transpose ta : Transpose.values()) {
                Mat a = Reference.randomMat(p, Layout.VIEW, 37, 45, rnd);
                int m = ta == Transpose.T ? 45 : 37, k = ta == Transpose.T ? 37 : 45;
                Mat id = Reference.mat(p, Layout.PLAIN, k, k, rnd);
                for (int i = 0; i < k; i++) id.set(i, i, 1);
                Mat c = Reference.mat(p, Layout.PLAIN, m, k, rnd).fill(Double.NaN);
                Call.gemm(Blas.on(workers, kern), ta, Transpose.N, 1, a, id, 0, c);
                double[][] av = a.values();
                double[] want = new double[m * k];
                for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) want[i * k + j] = ta == Transpose.T ? av[j][i] : av[i][j];
                Reference.assertSameValues(kern.name() + " " + p + " op(A) I, " + ta, c.flat(), want);
            }
        }
    }

    @Test
    void gemmIgnoresNaNInCOnlyWhenBetaIsZero() {
        Mat a = Reference.randomMat(Prec.FLOAT, Layout.PLAIN, 4, 3, new Random(3));
        Mat b = Reference.randomMat(Prec.FLOAT, Layout.PLAIN, 3, 5, new Random(4));
        Mat c = Reference.mat(Prec.FLOAT, Layout.PLAIN, 4, 5, new Random(5)).fill(Double.NaN);
        Call.gemm(Blas.on(workers), Transpose.N, Transpose.N, 1, a, b, 0.5, c);
        // beta != 0: NaN * beta is NaN, so every element stays NaN (C is really read).
        for (double v : c.flat()) assertThat(v).isNaN();
    }

    /**
     * {@code A^T A} through gemm with one operand (read out of the packed B panels) equals the
     * product with a separate copy bit for bit, for every kernel set; also for two views that
     * share their first element but not their width, where A must not be taken from B when it
     * is the wider one.
     */
    @Test
    void transposedProductOfOneOperandEqualsTheProductWithACopy() {
        Random rnd = new Random(21);
        for (Kernels kern : Reference.kernelSets()) {
            Blas blas = Blas.on(workers, kern);
            for (int[] shape : new int[][] {{3, 2}, {300, 37}, {600, 131}, {40, 500}}) {
                int m = shape[0], n = shape[1];
                FloatMatrix x = new FloatMatrix(m, n + 4);
                for (int i = 0; i < m; i++) for (int j = 0; j < n + 4; j++) x.set(i, j, (float) rnd.nextGaussian());
                FloatMatrix copy = x.copy();
                for (int[] widths : new int[][] {{n, n}, {n, n + 4}, {n + 4, n}}) {
                    FloatMatrix a = x.view(0, 0, m, widths[0]), b = x.view(0, 0, m, widths[1]);
                    FloatMatrix got = new FloatMatrix(widths[0], widths[1]), want = new FloatMatrix(widths[0], widths[1]);
                    blas.gemm(Transpose.T, Transpose.N, 1f, a, b, 0f, got);
                    blas.gemm(Transpose.T, Transpose.N, 1f, copy.view(0, 0, m, widths[0]), b, 0f, want);
                    assertThat(got.data()).as("%s A^T B, A %dx%d, B %dx%d", kern.name(), m, widths[0], m, widths[1]).isEqualTo(want.data());
                }
            }
        }
    }
}
