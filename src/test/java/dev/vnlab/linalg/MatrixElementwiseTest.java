package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.linalg.Reference.Call;
import dev.vnlab.linalg.Reference.Layout;
import dev.vnlab.linalg.Reference.Mat;
import dev.vnlab.linalg.Reference.Prec;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix forms of map (every {@link UnaryOp}), zip (every {@link BinaryOp}), axpy and scale,
 * on plain matrices and views, in place and aliased, with row lengths that hit vector tails and
 * one matrix big enough to be split between threads.
 */
@Tag("kernels")
class MatrixElementwiseTest {
    static final int[][] SHAPES = {{1, 1}, {3, 17}, {5, 65}, {2, 4099}, {17, 15}, {0, 5}, {5, 0}, {63, 64}, {1000, 1}, {257, 261}};

    record Case(Kernels kernels, Prec prec, int rows, int cols, Layout lx, Layout ly) {
        @Override public String toString() { return kernels.name() + " " + prec + " " + rows + "x" + cols + " x " + lx + ", y " + ly; }
    }

    private static Workers workers;

    @BeforeAll static void start() { workers = Workers.of(2); }

    @AfterAll static void stop() { workers.close(); }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        Layout[] l = Layout.values();
        int i = 0;
        for (Kernels k : Reference.kernelSets()) {
            for (Prec p : Prec.values()) {
                for (int[] s : SHAPES) {
                    out.add(new Case(k, p, s[0], s[1], l[i % 3], l[(i + 1) % 3]));
                    i++;
                }
            }
        }
        return out.stream();
    }

    private static Blas blas(Case c) { return Blas.on(workers, c.kernels()); }

    /** Random values in [-4, 4) with zeros of both signs and clamp bounds sprinkled in. */
    private static Mat input(Case c, Layout layout, Random rnd) {
        Mat m = Reference.mat(c.prec(), layout, c.rows(), c.cols(), rnd).random(rnd, -4, 4);
        double[] special = {0.0, -0.0, 1.0, -1.0};
        for (int i = 0; i < c.rows(); i++) for (int j = (i * 3) % 5; j < c.cols(); j += 5) m.set(i, j, special[(i + j) % 4]);
        return m.snapshot();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapEveryOp(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.rows() * 1000L + c.cols());
        for (UnaryOp op : UnaryOp.values()) {
            double param = p.round(Reference.paramFor(op));
            Mat x = input(c, c.lx(), rnd);
            double[] xv = x.flat(), want = new double[xv.length];
            for (int i = 0; i < xv.length; i++) want[i] = p.round(Reference.unary(op, param, xv[i]));
            Mat y = Reference.mat(p, c.ly(), c.rows(), c.cols(), rnd).fill(Double.NaN).snapshot();
            String what = c + " map " + op;

            Call.map(blas(c), op, param, x, y);
            check(what, op, p, y.flat(), want);
            y.assertOutsideUnchanged(what);
            x.assertUnchanged(what + " input");

            Call.map(blas(c), op, param, x, x); // in place
            check(what + " in place", op, p, x.flat(), want);
            x.assertOutsideUnchanged(what + " in place");
        }
    }

    private static void check(String what, UnaryOp op, Prec p, double[] got, double[] want) {
        if (Reference.approximate(op)) Reference.assertRelClose(what, got, want, p.approx, p.minNormal());
        else Reference.assertSameValues(what, got, want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zipEveryOp(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.rows() * 7919L + c.cols());
        for (BinaryOp op : BinaryOp.values()) {
            for (int alias = 0; alias < 3; alias++) { // z separate, z = x, z = y
                Mat x = input(c, c.lx(), rnd), y = input(c, c.ly(), rnd);
                double[] xv = x.flat(), yv = y.flat(), want = new double[xv.length];
                for (int i = 0; i < xv.length; i++) want[i] = p.round(Reference.binary(op, xv[i], yv[i]));
                Mat z = alias == 1 ? x : alias == 2 ? y : Reference.mat(p, Layout.VIEW, c.rows(), c.cols(), rnd).fill(Double.NaN).snapshot();
                String what = c + " zip " + op + (alias == 1 ? " into x" : alias == 2 ? " into y" : "");

                Call.zip(blas(c), op, x, y, z);

                Reference.assertSameValues(what, z.flat(), want);
                z.assertOutsideUnchanged(what);
                if (alias != 1) x.assertUnchanged(what + " x");
                if (alias != 2) y.assertUnchanged(what + " y");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void axpyMatrix(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.rows() + 31L * c.cols());
        double alpha = -1.25;
        Mat x = input(c, c.lx(), rnd), y = input(c, c.ly(), rnd);
        double[] xv = x.flat(), yv = y.flat(), want = new double[xv.length], bound = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            want[i] = yv[i] + alpha * xv[i];
            bound[i] = Math.abs(yv[i]) + Math.abs(alpha * xv[i]);
        }

        Call.axpy(blas(c), alpha, x, y);

        Reference.assertClose(c + " axpy", y.flat(), want, bound, 2 * p.eps);
        y.assertOutsideUnchanged(c + " axpy");
        x.assertUnchanged(c + " axpy x");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scaleMatrix(Case c) {
        Prec p = c.prec();
        Mat x = input(c, c.lx(), new Random(c.cols()));
        double alpha = p.round(-0.3);
        double[] xv = x.flat(), want = new double[xv.length];
        for (int i = 0; i < xv.length; i++) want[i] = p.round(alpha * xv[i]);

        Call.scale(blas(c), alpha, x);

        Reference.assertSameValues(c + " scale", x.flat(), want);
        x.assertOutsideUnchanged(c + " scale");
    }
}
