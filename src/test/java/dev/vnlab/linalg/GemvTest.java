package dev.vnlab.linalg;

import dev.vnlab.linalg.Reference.Call;
import dev.vnlab.linalg.Reference.Expect;
import dev.vnlab.linalg.Reference.Layout;
import dev.vnlab.linalg.Reference.Mat;
import dev.vnlab.linalg.Reference.Prec;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GEMV, {@code y = alpha op(A) x + beta y}, both transposes and precisions, against the naive reference. */
@Tag("kernels")
class GemvTest {
    record Case(Kernels kernels, Prec prec, Transpose ta, int rows, int cols, double alpha, double beta, Layout la, long seed) {
        @Override public String toString() {
            return kernels.name() + " " + prec + " " + ta + " A " + rows + "x" + cols + " (" + la + ") alpha=" + alpha + " beta=" + beta
                    + (beta == 0 ? " y=NaN" : "");
        }
    }

    private static Workers workers;

    @BeforeAll static void start() { workers = Workers.of(2); }

    @AfterAll static void stop() { workers.close(); }

    static Stream<Case> cases() {
        SplittableRandom r = new SplittableRandom(0x6e3);
        int[] s = Reference.SIZES;
        double[][] ab = {{1, 0}, {-0.5, 2}, {1.5, 1}, {0, -2}, {0.75, 0}};
        Layout[] l = Layout.values();
        List<Case> out = new ArrayList<>();
        for (Kernels kern : Reference.kernelSets()) {
            for (Prec p : Prec.values()) {
                for (Transpose ta : Transpose.values()) {
                    for (int t = 0; t < 12; t++) {
                        double[] x = ab[r.nextInt(ab.length)];
                        out.add(new Case(kern, p, ta, s[r.nextInt(s.length)], s[r.nextInt(s.length)], x[0], x[1], l[r.nextInt(3)], r.nextLong()));
                    }
                    // Empty and big shapes; 300 x 700 = 210000 elements takes the parallel path.
                    out.add(new Case(kern, p, ta, 0, 5, 1, 0, Layout.VIEW, 1));
                    out.add(new Case(kern, p, ta, 6, 0, 1, -0.5, Layout.PLAIN, 2));
                    out.add(new Case(kern, p, ta, 0, 5, 1, 3, Layout.VIEW, 1));
                    out.add(new Case(kern, p, ta, 6, 0, 1, 0, Layout.PLAIN, 2));
                    out.add(new Case(kern, p, ta, 300, 700, -0.5, 2, Layout.VIEW, 3));
                    out.add(new Case(kern, p, ta, 1, 4099, 1, 0, Layout.WRAPPED, 4));
                    out.add(new Case(kern, p, ta, 4099, 3, 1, 1, Layout.PLAIN, 5));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gemvMatchesReference(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.seed());
        boolean t = c.ta() == Transpose.T;
        int m = t ? c.cols() : c.rows(), n = t ? c.rows() : c.cols();
        Mat a = Reference.randomMat(p, c.la(), c.rows(), c.cols(), rnd);
        double[] x = Reference.randomVector(p, n, rnd, -1, 1);
        if (n > 2) x[n / 2] = 0; // a zero element of x must still work (the transposed path skips it)
        double[] y = c.beta() == 0 ? nan(m) : Reference.randomVector(p, m, rnd, -1, 1);
        Expect e = Reference.gemv(t, m, n, p.round(c.alpha()), a.values(), x, p.round(c.beta()), y);

        double[] got = Call.gemv(Blas.on(workers, c.kernels()), c.ta(), c.alpha(), a, x, c.beta(), y);

        double[][] col = new double[m][1];
        for (int i = 0; i < m; i++) col[i][0] = got[i];
        Reference.assertClose(c.toString(), col, e, p.sumTol(n));
        a.assertUnchanged("A of " + c);
    }

    private static double[] nan(int m) {
        double[] y = new double[m];
        Arrays.fill(y, Double.NaN);
        return y;
    }
}
