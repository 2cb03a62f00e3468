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
}
