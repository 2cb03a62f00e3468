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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SYRK, {@code C = alpha A^T A + beta C}, against the naive reference: awkward sizes, views,
 * beta = 0 over NaN, beta != 0 reading only C's lower triangle (as documented), and the result
 * exactly symmetric bit for bit.
 */
@Tag("kernels")
class SyrkTest {
    record Case(Kernels kernels, Prec prec, int m, int n, double alpha, double beta, Layout la, Layout lc, long seed) {
        @Override public String toString() {
            return kernels.name() + " " + prec + " A " + m + "x" + n + " (" + la + ") alpha=" + alpha + " beta=" + beta + " C " + lc;
        }
    }

    private static Workers workers;

    @BeforeAll static void start() { workers = Workers.of(2); }

    @AfterAll static void stop() { workers.close(); }

    static Stream<Case> cases() {
        SplittableRandom r = new SplittableRandom(0x5f7c);
        int[] s = Reference.SIZES;
        double[][] ab = {{1, 0}, {-0.5, 2}, {1.5, 1}, {0, -2}, {2, 0}};
        Layout[] l = Layout.values();
        List<Case> out = new ArrayList<>();
        for (Kernels kern : Reference.kernelSets()) {
            for (Prec p : Prec.values()) {
                for (int t = 0; t < 12; t++) {
                    double[] x = ab[r.nextInt(ab.length)];
                    out.add(new Case(kern, p, s[r.nextInt(s.length)], s[r.nextInt(s.length)], x[0], x[1], l[r.nextInt(3)], l[r.nextInt(3)], r.nextLong()));
                }
                // Degenerate and blocking-crossing shapes: k = 0, n = 0, k > KC, n > MC.
                out.add(new Case(kern, p, 0, 5, 1, 0.5, Layout.PLAIN, Layout.VIEW, 1));
                out.add(new Case(kern, p, 4, 0, 1, 0, Layout.VIEW, Layout.PLAIN, 2));
                out.add(new Case(kern, p, 1, 1, -2, 0, Layout.PLAIN, Layout.WRAPPED, 3));
                out.add(new Case(kern, p, 600, 37, 1, 0, Layout.VIEW, Layout.VIEW, 4));
                out.add(new Case(kern, p, 290, 203, -0.5, 2, Layout.WRAPPED, Layout.VIEW, 5));
                out.add(new Case(kern, p, 67, 301, 1, 1, Layout.PLAIN, Layout.WRAPPED, 6));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void syrkMatchesReference(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.seed());
        int n = c.n();
        Mat a = Reference.randomMat(p, c.la(), c.m(), n, rnd);
        Mat cm = Reference.mat(p, c.lc(), n, n, rnd);
        if (c.beta() == 0) cm.fill(Double.NaN); else cm.random(rnd, -1, 1);
        // Documented: for beta != 0 only C's lower triangle is read. Make the upper one NaN to prove it.
        double[][] lower = cm.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                lower[j][i] = lower[i][j];
                cm.set(j, i, Double.NaN);
            }
        }
        cm.snapshot();
        double[][] av = a.values();
        Expect e = Reference.gemm(true, false, n, n, c.m(), p.round(c.alpha()), av, av, p.round(c.beta()), lower);

        Call.syrk(Blas.on(workers, c.kernels()), c.alpha(), a, c.beta(), cm);

        Reference.assertClose(c.toString(), cm.values(), e, p.sumTol(c.m()));
        List<String> asym = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Double.doubleToRawLongBits(cm.get(i, j)) != Double.doubleToRawLongBits(cm.get(j, i)) && asym.size() < 5) {
                    asym.add("C(" + i + ", " + j + ") = " + cm.get(i, j) + " but C(" + j + ", " + i + ") = " + cm.get(j, i));
                }
            }
        }
        assertThat(asym).as("exact symmetry of %s", c).isEmpty();
        cm.assertOutsideUnchanged(c.toString());
        a.assertUnchanged("A of " + c);
    }

    /** The lower-only form gives syrk's lower triangle bit for bit, for beta 0 and 1, over awkward sizes. */
    @org.junit.jupiter.api.Test
    void lowerOnlyGivesTheSameLowerTriangle() {
        Random rnd = new Random(9);
        for (int[] shape : new int[][] {{1, 1}, {7, 5}, {300, 37}, {67, 131}, {1000, 500}}) {
            int m = shape[0], n = shape[1];
            dev.vnlab.linalg.FloatMatrix a = new dev.vnlab.linalg.FloatMatrix(m, n);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a.set(i, j, (float) rnd.nextGaussian());
            for (float beta : new float[] {0f, 1f}) {
                dev.vnlab.linalg.FloatMatrix full = new dev.vnlab.linalg.FloatMatrix(n, n), lower = new dev.vnlab.linalg.FloatMatrix(n, n);
                for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) { float v = (float) rnd.nextGaussian(); full.set(i, j, v); lower.set(i, j, v); }
                Blas blas = Blas.on(workers);
                blas.syrk(0.5f, a, beta, full);
                blas.syrkLower(0.5f, a, beta, lower);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        assertThat(lower.get(i, j)).as("%dx%d beta %s (%d, %d)", m, n, beta, i, j).isEqualTo(full.get(i, j));
                    }
                }
            }
        }
    }

    /**
     * The shifted form equals syrkLower of an explicitly shifted copy bit for bit (the packing
     * rounds {@code a - s} once, as the copy does), for every kernel set, 1 and 2 threads, views,
     * and shapes with partial panels on both sides and more than one k-block.
     */
    @org.junit.jupiter.api.Test
    void shiftedGivesTheGramMatrixOfTheShiftedCopy() {
        Random rnd = new Random(11);
        for (Kernels kern : Reference.kernelSets()) {
            for (int threads : new int[] {1, 2}) {
                try (Workers w = Workers.of(threads)) {
                    Blas blas = Blas.on(w, kern);
                    for (int[] shape : new int[][] {{1, 1}, {5, 3}, {300, 37}, {67, 131}, {1000, 500}, {257, 64}}) {
                        int m = shape[0], n = shape[1];
                        FloatMatrix parent = new FloatMatrix(m + 2, n + 3);
                        for (int i = 0; i < m + 2; i++) for (int j = 0; j < n + 3; j++) parent.set(i, j, 0.9f + 0.01f * (float) rnd.nextGaussian());
                        FloatMatrix a = parent.view(1, 2, m, n);
                        float[] shift = new float[n];
                        for (int j = 0; j < n; j++) shift[j] = 0.9f + 0.001f * (float) rnd.nextGaussian();
                        FloatMatrix copy = new FloatMatrix(m, n);
                        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) copy.set(i, j, a.get(i, j) - shift[j]);
                        FloatMatrix want = new FloatMatrix(n, n), got = new FloatMatrix(n, n);
                        got.fill(Float.NaN);
                        blas.syrkLower(1f, copy, 0f, want);
                        FloatMatrix before = parent.copy();
                        blas.syrkLower(1f, a, shift, 0f, got);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j <= i; j++) {
                                assertThat(got.get(i, j)).as("%s %d threads %dx%d (%d, %d)", kern.name(), threads, m, n, i, j).isEqualTo(want.get(i, j));
                            }
                        }
                        assertThat(parent.data()).as("A is not modified").isEqualTo(before.data());
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void shiftOfTheWrongLengthIsRefused() {
        Blas blas = Blas.on(workers);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blas.syrkLower(1f, new FloatMatrix(4, 3), new float[2], 0f, new FloatMatrix(3, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("syrk: shift has 2 entries; expected 3, one per column of A");
    }
}
