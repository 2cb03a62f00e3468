package dev.vnlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.parallel.Workers;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() { ONE.close(); }

    /** Points away from every kink (0 and +-1) by at least 1e-3, in [-5, 5], 37 x 53 (awkward widths). */
    static double[] points(long seed) {
        Random r = new Random(seed);
        double[] h = new double[37 * 53];
        for (int i = 0; i < h.length; i++) {
            double v;
            do { v = (r.nextDouble() * 2 - 1) * 5; } while (Math.abs(v) < 1e-3 || Math.abs(Math.abs(v) - 1) < 1e-3);
            h[i] = (float) v; // representable in float too
        }
        return h;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void floatForwardAndDerivativeMatchTheDoubleDefinitions(Activation a) {
        double[] p = points(1);
        FloatMatrix h = new FloatMatrix(37, 53), x = new FloatMatrix(37, 53), d = new FloatMatrix(37, 53);
        for (int i = 0; i < p.length; i++) h.data()[i] = (float) p[i];
        a.forward(BLAS, h, x);
        a.derivative(BLAS, h, x, d);
        for (int i = 0; i < p.length; i++) {
            double f = a.apply(p[i]), s = a.slope(p[i]);
            assertThat((double) x.data()[i]).as("%s(%s)", a, p[i]).isCloseTo(f, within(4e-7 * Math.max(1, Math.abs(f))));
            assertThat((double) d.data()[i]).as("%s'(%s)", a, p[i]).isCloseTo(s, within(4e-7));
        }
    }

    /** The gradient check: the vectorised float64 derivative against central differences of the vectorised forward. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesFiniteDifferencesInDouble(Activation a) {
        double[] p = points(2);
        double eps = 1e-6;
        DoubleMatrix h = DoubleMatrix.wrap(37, 53, p.clone()), hp = h.copy(), hm = h.copy();
        for (int i = 0; i < p.length; i++) { hp.data()[i] += eps; hm.data()[i] -= eps; }
        DoubleMatrix x = new DoubleMatrix(37, 53), xp = new DoubleMatrix(37, 53), xm = new DoubleMatrix(37, 53), d = new DoubleMatrix(37, 53);
        a.forward(BLAS, h, x);
        a.forward(BLAS, hp, xp);
        a.forward(BLAS, hm, xm);
        a.derivative(BLAS, h, x, d);
        for (int i = 0; i < p.length; i++) {
            double fd = (xp.data()[i] - xm.data()[i]) / (hp.data()[i] - hm.data()[i]);
            assertThat(d.data()[i]).as("%s'(%s)", a, p[i]).isCloseTo(fd, within(1e-8));
            assertThat(a.slope(p[i])).isCloseTo(fd, within(1e-8));
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inPlaceForwardAndDerivativeGiveTheSameValues(Activation a) {
        double[] p = points(3);
        FloatMatrix h = new FloatMatrix(37, 53);
        for (int i = 0; i < p.length; i++) h.data()[i] = (float) p[i];
        FloatMatrix x = new FloatMatrix(37, 53), d = new FloatMatrix(37, 53);
        a.forward(BLAS, h, x);
        a.derivative(BLAS, h, x, d);
        FloatMatrix buf = h.copy();
        if (a.slopeFromOutput()) {
            a.forward(BLAS, buf, buf);                 // buf = x
            assertThat(buf.data()).containsExactly(x.data());
            a.derivative(BLAS, null, buf, buf);        // d over x, in place
        } else {
            FloatMatrix out = new FloatMatrix(37, 53);
            a.forward(BLAS, buf, out);
            a.derivative(BLAS, buf, out, buf);         // d over h, in place
        }
        assertThat(buf.data()).containsExactly(d.data());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void kinksTakeTheDocumentedOneSidedValues(Activation a) {
        FloatMatrix h = FloatMatrix.of(new float[][] {{0f, 1f, -1f}}), x = new FloatMatrix(1, 3), d = new FloatMatrix(1, 3);
        a.forward(BLAS, h, x);
        a.derivative(BLAS, h, x, d);
        for (int j = 0; j < 3; j++) {
            assertThat((double) d.get(0, j)).as("%s'(%s)", a, h.get(0, j)).isCloseTo(a.slope(h.get(0, j)), within(2e-7));
            assertThat((double) x.get(0, j)).isCloseTo(a.apply(h.get(0, j)), within(2e-7)); // 2 float ulp
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void kinksListExactlyWherePhiOrItsSlopeJumps(Activation a) {
        double[] kinks = a.kinks();
        // phi' is continuous (to finite-difference accuracy) on every step of a fine grid that
        // holds no listed kink, and jumps across each listed kink.
        double step = 1.0 / 1024;
        for (double h = -4; h < 4; h += step) {
            double lo = h, hi = h + step;
            boolean holdsKink = false;
            for (double k : kinks) holdsKink |= k >= lo && k <= hi;
            if (holdsKink) continue;
            assertThat(Math.abs(a.slope(hi) - a.slope(lo))).as("%s' over [%s, %s]", a, lo, hi).isLessThan(4 * step);
        }
        for (double k : kinks) {
            assertThat(Math.abs(a.slope(k + 1e-9) - a.slope(k - 1e-9))).as("%s' jumps at %s", a, k).isGreaterThan(0.5);
        }
        assertThat(kinks).isSorted();
    }

    @org.junit.jupiter.api.Test
    void kinksAreTheDocumentedPointsAndACopy() {
        assertThat(Activation.HARD_TANH.kinks()).containsExactly(-1.0, 1.0);
        assertThat(Activation.RELU.kinks()).containsExactly(0.0);
        assertThat(Activation.LEAKY_RELU.kinks()).containsExactly(0.0);
        for (Activation a : new Activation[] {Activation.LINEAR, Activation.TANH, Activation.SIGMOID, Activation.ERF}) {
            assertThat(a.kinks()).as("%s", a).isEmpty();
        }
        Activation.HARD_TANH.kinks()[0] = 7;
        assertThat(Activation.HARD_TANH.kinks()).containsExactly(-1.0, 1.0);
    }
}
