package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.UnaryOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Reference.Call;
import dev.vnlab.linalg.Reference.Prec;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The array forms of axpy, dot, scale and map, over lengths that hit every vector-loop tail
 * (0, 1, 15/16/17, 63/64/65, 1000, 4099) and one long enough (70001) for the facade to split it
 * between threads.
 */
@Tag("kernels")
class VectorOpsTest {
    /** Past Blas's 2^16-element threshold, and odd so the chunks have tails. */
    static final int PARALLEL_LENGTH = 70_001;

    record Case(Kernels kernels, Prec prec, int n) {
        @Override public String toString() { return kernels.name() + " " + prec + " n=" + n; }
    }

    private static Workers workers;

    @BeforeAll static void start() { workers = Workers.of(2); }

    @AfterAll static void stop() { workers.close(); }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        int[] lengths = IntStream.concat(IntStream.of(Reference.LENGTHS), IntStream.of(PARALLEL_LENGTH)).toArray();
        for (Kernels k : Reference.kernelSets()) for (Prec p : Prec.values()) for (int n : lengths) out.add(new Case(k, p, n));
        return out.stream();
    }

    private static Blas blas(Case c) { return Blas.on(workers, c.kernels()); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void axpy(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.n());
        double[] x = Reference.randomVector(p, c.n(), rnd, -1, 1), y = Reference.randomVector(p, c.n(), rnd, -1, 1);
        for (double alpha : new double[] {-0.75, 0, 3}) {
            double[] want = new double[c.n()], bound = new double[c.n()];
            for (int i = 0; i < c.n(); i++) {
                want[i] = y[i] + alpha * x[i];
                bound[i] = Math.abs(y[i]) + Math.abs(alpha * x[i]);
            }
            // One multiply and one add at most: two roundings.
            Reference.assertClose(c + " axpy alpha=" + alpha, Call.axpy(blas(c), alpha, p, x, y), want, bound, 2 * p.eps);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dot(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(31 + c.n());
        double[] x = Reference.randomVector(p, c.n(), rnd, -2, 2), y = Reference.randomVector(p, c.n(), rnd, -2, 2);
        double[] ref = Reference.accurateDot(x, y, c.n());
        double got = Call.dot(blas(c), p, x, y);
        assertThat(got).as("%s dot", c).isCloseTo(ref[0], within(p.sumTol(c.n()) * ref[1]));
        if (c.n() == 0) assertThat(got).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scaleIsExactlyRounded(Case c) {
        Prec p = c.prec();
        double[] x = Reference.randomVector(p, c.n(), new Random(7 + c.n()), -3, 3);
        for (double alpha : new double[] {0.1, -2, 0}) {
            double a = p.round(alpha);
            double[] want = new double[c.n()];
            for (int i = 0; i < c.n(); i++) want[i] = p.round(a * x[i]);
            Reference.assertSameValues(c + " scale " + alpha, Call.scale(blas(c), alpha, p, x), want);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapEveryOp(Case c) {
        Prec p = c.prec();
        Random rnd = new Random(c.n() * 17L + 5);
        double[] x = Reference.randomVector(p, c.n(), rnd, -4, 4);
        // Sprinkle exact zeros of both signs and clamp boundaries among the random values.
        double[] special = {0.0, -0.0, 1.0, -1.0, 0.1, -4.0};
        for (int i = 0; i < c.n(); i += 7) x[i] = p.round(special[(i / 7) % special.length]);
        for (UnaryOp op : UnaryOp.values()) {
            double param = p.round(Reference.paramFor(op));
            double[] want = new double[c.n()];
            for (int i = 0; i < c.n(); i++) want[i] = p.round(Reference.unary(op, param, x[i]));
            for (boolean inPlace : new boolean[] {false, true}) {
                double[] got = Call.map(blas(c), op, param, p, x, inPlace);
                String what = c + " map " + op + " p=" + param + (inPlace ? " in place" : "");
                if (Reference.approximate(op)) Reference.assertRelClose(what, got, want, p.approx, p.minNormal());
                else Reference.assertSameValues(what, got, want);
            }
        }
    }

    /** Vectors of different lengths are rejected before anything is written. */
    @Test
    void lengthMismatchLeavesYAlone() {
        float[] y = {1, 2, 3};
        assertThatThrownBy(() -> Blas.on(workers).axpy(1f, new float[] {1, 1}, y)).isInstanceOf(IllegalArgumentException.class);
        assertThat(y).containsExactly(1, 2, 3);
    }
}
