package dev.vnlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** rowSums, colSums and frobeniusNorm against accurate sums, including tall, wide and empty matrices and views. */
@Tag("kernels")
class ReductionsTest {
    static final int[][] SHAPES = {
        {1, 1}, {1, 4099}, {4099, 1}, {1000, 17}, {1000, 65}, {17, 1000}, {0, 5}, {5, 0}, {63, 64}, {15, 16}, {3000, 33}, {260, 300},
    };

    record Case(Kernels kernels, Prec prec, int rows, int cols, Layout layout) {
        @Override public String toString() { return kernels.name() + " " + prec + " " + rows + "x" + cols + " " + layout; }
    }

    private static Workers workers;

    @BeforeAll static void start() { workers = Workers.of(2); }

    @AfterAll static void stop() { workers.close(); }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        int i = 0;
        for (Kernels k : Reference.kernelSets()) {
            for (Prec p : Prec.values()) {
                for (int[] s : SHAPES) out.add(new Case(k, p, s[0], s[1], Layout.values()[i++ % 3]));
            }
        }
        return out.stream();
    }

    private static Mat input(Case c) {
        return Reference.mat(c.prec(), c.layout(), c.rows(), c.cols(), new Random(c.rows() * 31L + c.cols())).random(new Random(c.cols()), -1, 2).snapshot();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowSums(Case c) {
        Mat a = input(c);
        double[][] v = a.values();
        double[] want = new double[c.rows()], bound = new double[c.rows()];
        for (int i = 0; i < c.rows(); i++) {
            double[] s = Reference.accurateSum(v[i]);
            want[i] = s[0];
            bound[i] = s[1];
        }
        double[] got = Call.rowSums(Blas.on(workers, c.kernels()), a);
        Reference.assertClose(c + " rowSums", got, want, bound, c.prec().sumTol(c.cols()));
        a.assertUnchanged(c + " rowSums");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void colSums(Case c) {
        Mat a = input(c);
        double[][] v = a.values();
        double[] want = new double[c.cols()], bound = new double[c.cols()];
        for (int j = 0; j < c.cols(); j++) {
            double[] col = new double[c.rows()];
            for (int i = 0; i < c.rows(); i++) col[i] = v[i][j];
            double[] s = Reference.accurateSum(col);
            want[j] = s[0];
            bound[j] = s[1];
        }
        double[] got = Call.colSums(Blas.on(workers, c.kernels()), a);
        Reference.assertClose(c + " colSums", got, want, bound, c.prec().sumTol(c.rows()));
        a.assertUnchanged(c + " colSums");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void frobeniusNorm(Case c) {
        Mat a = input(c);
        double[] flat = a.flat();
        double[] sq = Reference.accurateDot(flat, flat, flat.length);
        double want = Math.sqrt(sq[0]);
        double got = Call.frobeniusNorm(Blas.on(workers, c.kernels()), a);
        // A relative error e in the sum of squares is e/2 in its root; one more rounding for sqrt.
        assertThat(got).as("%s frobeniusNorm", c).isCloseTo(want, within(c.prec().sumTol(flat.length) * want + Double.MIN_NORMAL));
        a.assertUnchanged(c + " frobeniusNorm");
    }

    /**
     * The documented accuracy of long float sums: column sums fold float blocks into double and
     * dot/sum kernels fold float partial sums into double, so a long column or row of 0.1f
     * keeps about 1e-5 relative accuracy, where one float accumulator over 100000 elements
     * drifts by far more (checked below, so the bound is meaningful).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void longFloatSumsKeepTheirAccuracy(String name, Kernels k) {
        int n = 100_000;
        float v = 0.1f;
        double exact = (double) v * n;
        float naive = 0;
        for (int i = 0; i < n; i++) naive += v;
        double tol = 2e-5 * exact;
        assertThat(Math.abs(naive - exact)).as("a single float accumulator is inaccurate here").isGreaterThan(tol);

        Blas blas = Blas.on(workers, k);
        FloatMatrix tall = new FloatMatrix(n, 2).fill(v);
        double[] cols = blas.colSums(tall);
        assertThat(cols[0]).as("%s colSums of %d x 0.1f", k.name(), n).isCloseTo(exact, within(tol));
        assertThat(cols[1]).isCloseTo(exact, within(tol));
        FloatMatrix wide = new FloatMatrix(1, n).fill(v);
        assertThat(blas.rowSums(wide)[0]).as("%s rowSums of %d x 0.1f", k.name(), n).isCloseTo(exact, within(tol));
        float[] ones = new float[n], tenths = new float[n];
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(tenths, v);
        assertThat(blas.dot(ones, tenths)).as("%s dot of %d x 0.1f", k.name(), n).isCloseTo(exact, within(tol));
        assertThat(blas.frobeniusNorm(wide)).as("%s frobeniusNorm", k.name())
                .isCloseTo(Math.sqrt((double) v * v * n), within(1e-5 * Math.sqrt((double) v * v * n)));
    }

    static Stream<Arguments> kernels() { return Reference.kernelSets().stream().map(k -> Arguments.of(k.name(), k)); }
}
