package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Exact spectra of linear networks against random-matrix results, and the histogram. */
class JacobianSpectrumTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);

    @AfterAll
    static void close() { TWO.close(); }

    private static JacobianSpectrum linearSpectrum(int inputs, int width, int depth, Init init, long seed) {
        Mlp net = Mlp.create(inputs, width, depth, 1, Activation.LINEAR, init, new Init(Init.Scheme.GAUSSIAN, 1, 0), Rng.seeded(seed), BLAS);
        FloatMatrix x = new FloatMatrix(1, inputs);
        Rng.seeded(seed + 100).fillGaussian(x, 0f, 1f, Blas.on(TWO)); // a linear J does not depend on x
        return JacobianSpectrum.at(HiddenJacobian.at(net, x, BLAS), 0);
    }

    /** The Marchenko-Pastur density of W W^T, W N x n with entries of variance s / n, ratio y = N / n <= 1. */
    private static double marchenkoPastur(double x, double s, double y) {
        double a = s * (1 - Math.sqrt(y)) * (1 - Math.sqrt(y)), b = s * (1 + Math.sqrt(y)) * (1 + Math.sqrt(y));
        return x <= a || x >= b ? 0 : Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * s * y * x);
    }

    /** The Marchenko-Pastur mass of [lo, hi] by the midpoint rule (the density's edges are square-root zeros). */
    private static double marchenkoPasturMass(double lo, double hi, double s, double y) {
        int steps = 20_000;
        double h = (hi - lo) / steps, sum = 0;
        for (int i = 0; i < steps; i++) sum += marchenkoPastur(lo + (i + 0.5) * h, s, y);
        return sum * h;
    }

    @Test
    void oneGaussianLayerHasTheMarchenkoPasturSpectrum() {
        // W is N x n with entries N(0, s/n): E tr(W W^T)/N = s and E tr((W W^T)^2)/N = s^2 (1 + (N + 1)/n)
        // exactly (E W_ik^4 = 3 (s/n)^2), whose N, n -> infinity limit at ratio c = N/n is
        // Marchenko-Pastur's s^2 (1 + c). Over 20 seeds m1 and m2 scatter by 0.5% and 1%.
        int n = 400, width = 200;
        double s = 1.5, c = (double) width / n, a = s * Math.pow(1 - Math.sqrt(c), 2), b = s * Math.pow(1 + Math.sqrt(c), 2);
        double[] edges = Histogram.linearEdges(0, 4.5, 9);
        double[] massRef = new double[9];
        for (int i = 0; i < 9; i++) massRef[i] = marchenkoPasturMass(edges[i], edges[i + 1], s, c);
        double m1Sum = 0, m2Sum = 0;
        for (long seed = 1; seed <= 3; seed++) {
            JacobianSpectrum sp = linearSpectrum(n, width, 1, new Init(Init.Scheme.GAUSSIAN, s, 0), seed);
            assertThat(sp.width()).isEqualTo(width);
            assertThat(sp.m1()).as("m1, seed %d", seed).isCloseTo(s, within(0.02 * s));
            assertThat(sp.m2()).as("m2, seed %d", seed).isCloseTo(s * s * (1 + (width + 1.0) / n), within(0.04 * s * s * (1 + c)));
            m1Sum += sp.m1();
            m2Sum += sp.m2();
            double[] e = sp.eigenvalues();
            double sum = 0, sumSq = 0;
            for (double v : e) {
                sum += v;
                sumSq += v * v;
            }
            assertThat(sum / width).isCloseTo(sp.m1(), within(1e-9 * sp.m1())); // the eigenvalues carry the same traces
            assertThat(sumSq / width).isCloseTo(sp.m2(), within(1e-9 * sp.m2()));
            // The extreme eigenvalues sit near the edges of the support (within their N^(-2/3) fluctuations).
            assertThat(e[0]).isBetween(0.8 * a, 1.2 * a);
            assertThat(e[width - 1]).isBetween(0.95 * b, 1.05 * b);
            // Bin by bin, the eigenvalue counts follow the density (eigenvalues are rigid: a few counts off).
            Histogram h = sp.histogram(edges);
            assertThat(h.total()).isEqualTo(width);
            assertThat(h.below() + h.above()).isZero();
            long[] counts = h.counts();
            double[] density = h.density();
            for (int i = 0; i < 9; i++) {
                assertThat((double) counts[i]).as("bin %d, seed %d", i, seed).isCloseTo(width * massRef[i], within(5.0));
                assertThat(density[i]).isCloseTo(counts[i] / (width * 0.5), within(1e-12));
            }
        }
        assertThat(m1Sum / 3).isCloseTo(s, within(0.01 * s));
        assertThat(m2Sum / 3).isCloseTo(s * s * (1 + (width + 1.0) / n), within(0.02 * s * s * (1 + c)));
    }

    @Test
    void orthogonalLinearNetworkHasVniOneOverN() {
        for (double s : new double[] {1, 0.8}) {
            JacobianSpectrum sp = linearSpectrum(48, 48, 6, new Init(Init.Scheme.ORTHOGONAL, s, 0), 3);
            double m1 = Math.pow(s, 6);
            assertThat(sp.vni()).isCloseTo(1.0 / 48, within(1e-6 / 48));
            assertThat(sp.m1()).isCloseTo(m1, within(2e-6 * m1));
            assertThat(sp.m2()).isCloseTo(m1 * m1, within(4e-6 * m1 * m1));
            assertThat(sp.moments().m2OverM1Squared().value()).isCloseTo(1, within(1e-6));
            for (double e : sp.eigenvalues()) assertThat(e).isCloseTo(m1, within(5e-6 * m1));
            Histogram h = sp.histogram(4); // all eigenvalues nearly equal: still all counted
            assertThat(h.total()).isEqualTo(48);
            assertThat(h.below() + h.above()).isZero();
        }
    }

    @Test
    void linearGaussianNetworkHasRatioDepthPlusOne() {
        // The product of L square Gaussian matrices: m2/m1^2 -> L + 1 for N >> L (free
        // multiplicative convolution of L Marchenko-Pastur laws; Fuss-Catalan moments). At N = 400,
        // L = 4 one network scatters by 0.04 about 5.01.
        double sum = 0;
        for (long seed = 1; seed <= 4; seed++) {
            JacobianSpectrum sp = linearSpectrum(400, 400, 4, new Init(Init.Scheme.GAUSSIAN, 1, 0), seed);
            double r = sp.moments().m2OverM1Squared().value();
            assertThat(r).as("seed %d", seed).isCloseTo(5, within(0.2));
            assertThat(sp.vni()).isCloseTo(r / 400, within(1e-15));
            sum += r;
        }
        assertThat(sum / 4).isCloseTo(5, within(0.08));
    }

    @Test
    void widerThanTheInputTheSpectrumHasTheExtraZeros() {
        // N = 30 nodes fed by n0 = 12 inputs: J J^T has rank 12, and the small Gram matrix gives the rest.
        Mlp net = Mlp.create(12, new int[] {30}, 1, Activation.LINEAR, new Init(Init.Scheme.GAUSSIAN, 1, 0), Init.he(), Rng.seeded(2), BLAS);
        FloatMatrix w = net.weight(1);
        double[][] g = new double[30][30];
        for (int i = 0; i < 30; i++) for (int j = 0; j < 30; j++) for (int k = 0; k < 12; k++) g[i][j] += (double) w.get(i, k) * w.get(j, k);
        double tr = 0, tr2 = 0;
        for (int i = 0; i < 30; i++) {
            tr += g[i][i];
            for (int j = 0; j < 30; j++) tr2 += g[i][j] * g[i][j];
        }
        JacobianSpectrum sp = JacobianSpectrum.of(w, BLAS);
        double[] e = sp.eigenvalues();
        assertThat(e).hasSize(30);
        for (int i = 0; i < 18; i++) assertThat(e[i]).isZero();
        assertThat(e[18]).isPositive();
        assertThat(sp.m1()).isCloseTo(tr / 30, within(1e-12 * tr));
        assertThat(sp.m2()).isCloseTo(tr2 / 30, within(1e-12 * tr2));
        assertThat(sp.vni()).isCloseTo(tr2 / (tr * tr), within(1e-12));
        assertThat(JacobianSpectrum.moments(w, BLAS)).isEqualTo(sp.moments());
    }

    @Test
    void histogramBinsByHalfOpenIntervals() {
        Histogram h = Histogram.of(new double[] {-1, 0, 0.5, 1, 1.5, 2, 2, 3}, new double[] {0, 1, 2});
        assertThat(h.bins()).isEqualTo(2);
        assertThat(h.counts()).containsExactly(2, 4); // [0, 1) holds 0 and 0.5; [1, 2] holds 1, 1.5, 2, 2
        assertThat(h.below()).isEqualTo(1);
        assertThat(h.above()).isEqualTo(1);
        assertThat(h.total()).isEqualTo(8);
        assertThat(h.density()).containsExactly(2 / 8.0, 4 / 8.0);
        assertThat(Histogram.linearEdges(1, 2, 4)).containsExactly(1, 1.25, 1.5, 1.75, 2);
        double[] log = Histogram.logEdges(0.01, 100, 4);
        assertThat(log[0]).isEqualTo(0.01);
        assertThat(log[2]).isCloseTo(1, within(1e-15));
        assertThat(log[4]).isEqualTo(100);
    }

    @Test
    void badInputIsRejectedWithTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> Histogram.of(new double[] {1}, new double[] {0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 bin edge(s) given; expected at least 2");
        assertThatThrownBy(() -> Histogram.of(new double[] {1}, new double[] {0, 2, 2}))
                .hasMessage("bin edge 2 is 2.0; expected finite edges in strictly ascending order");
        assertThatThrownBy(() -> Histogram.of(new double[] {1, Double.NaN}, new double[] {0, 2})).hasMessage("value 1 is NaN; expected a number to bin");
        assertThatThrownBy(() -> Histogram.linearEdges(0, 1, 0)).hasMessage("0 bins requested; expected at least 1");
        assertThatThrownBy(() -> Histogram.linearEdges(1, 1, 3)).hasMessage("bin range [1.0, 1.0] is invalid; expected finite lo < hi");
        assertThatThrownBy(() -> Histogram.logEdges(0, 1, 3)).hasMessage("lower edge 0.0 is invalid for logarithmic bins; expected a value > 0");
        FloatMatrix inf = new FloatMatrix(2, 2);
        inf.set(1, 0, Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> JacobianSpectrum.of(inf, BLAS))
                .hasMessage("Jacobian has non-finite entries (||J||_F^2 = Infinity); expected a finite J (float32 overflows where m1 exceeds about 1e76)");
        assertThatThrownBy(() -> JacobianSpectrum.moments(new FloatMatrix(0, 3), BLAS)).hasMessage("Jacobian is 0x3; expected at least 1x1");
        JacobianSpectrum sp = JacobianSpectrum.of(FloatMatrix.wrap(1, 2, 1f, 2f), BLAS);
        assertThatThrownBy(() -> sp.histogram(0)).hasMessage("0 bins requested; expected at least 1");
    }
}
