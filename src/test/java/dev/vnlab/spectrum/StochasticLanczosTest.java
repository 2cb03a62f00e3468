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

/**
 * SLQ against exact spectra: a diagonal operator of known eigenvalues, and J J^T of small networks
 * against its eigenvalues ({@link JacobianSpectrum}); the same numbers on 1 and 2 threads.
 */
class StochasticLanczosTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    private record Diagonal(double[] d) implements SymmetricOperator {
        @Override public int size() { return d.length; }

        @Override public void apply(double[] in, double[] out, int rows) {
            for (int r = 0; r < rows; r++) for (int i = 0; i < d.length; i++) out[r * d.length + i] = d[i] * in[r * d.length + i];
        }

        double moment(int p) {
            double s = 0;
            for (double x : d) s += Math.pow(x, p);
            return s / d.length;
        }
    }

    /** 200 eigenvalues over four decades, a quarter of them in a cluster at 3. */
    private static Diagonal decades() {
        double[] d = new double[200];
        for (int i = 0; i < 150; i++) d[i] = Math.pow(10, -3 + 4.0 * i / 149);
        for (int i = 150; i < 200; i++) d[i] = 3;
        return new Diagonal(d);
    }

    @Test
    void momentsAreWithinFourStandardErrorsOfTheTraces() {
        Diagonal a = decades();
        SpectralQuadrature q = StochasticLanczos.estimate(a, 1, 60, 15, Rng.seeded(1), Blas.on(TWO));
        assertThat(q.quadratures()).hasSize(60);
        assertThat(q.moment(0).value()).isCloseTo(1, within(1e-12));
        for (int p = 1; p <= 4; p++) {
            Estimate e = q.moment(p);
            assertThat(e.standardError()).as("p %d", p).isPositive().isLessThan(0.1 * a.moment(p));
            assertThat(e.value()).as("p %d", p).isCloseTo(a.moment(p), within(4 * e.standardError()));
        }
        // The largest eigenvalue converges first; the smallest Ritz value bounds the smallest from above.
        assertThat(q.largest()).isCloseTo(10, within(1e-5)).isLessThanOrEqualTo(10 + 1e-12);
        assertThat(q.smallest()).isGreaterThanOrEqualTo(1e-3 - 1e-12).isLessThan(0.05);
    }

    @Test
    void densitiesIntegrateToTheirMassAndPeakAtTheCluster() {
        Diagonal a = decades();
        SpectralQuadrature q = StochasticLanczos.estimate(a, 2, 10, 30, Rng.seeded(2), Blas.on(TWO));
        double[] x = new double[4001];
        for (int i = 0; i < x.length; i++) x[i] = -2 + 14.0 * i / (x.length - 1);
        DensityCurve c = q.density(x, 0.05);
        assertThat(trapezoid(x, c.density())).isCloseTo(1, within(1e-6));
        double[] u = new double[2001];
        for (int i = 0; i < u.length; i++) u[i] = -5 + 8.0 * i / (u.length - 1);
        DensityCurve logs = q.log10Density(u, 0.1);
        assertThat(trapezoid(u, logs.density())).isCloseTo(1, within(1e-6)); // every node is positive
        int peak = 0;
        for (int i = 1; i < u.length; i++) if (logs.density()[i] > logs.density()[peak]) peak = i;
        assertThat(u[peak]).isCloseTo(Math.log10(3), within(0.1)); // a quarter of the mass sits at 3
        for (int i = 0; i < u.length; i++) assertThat(logs.standardError()[i]).isFinite().isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> q.density(x, 0)).hasMessageContaining("bandwidth is 0.0; expected a positive finite value");
    }

    @Test
    void theMeasureHasTheMomentsItsEstimatesHaveAndSmoothsAsTheDensityDoes() {
        Diagonal a = decades();
        SpectralQuadrature q = StochasticLanczos.estimate(a, 2, 6, 12, Rng.seeded(7), Blas.on(TWO));
        SpectralQuadrature.Measure m = q.measure();
        double[] nodes = m.nodes(), masses = m.masses();
        for (int p = 0; p <= 4; p++) {
            double s = 0;
            for (int i = 0; i < nodes.length; i++) s += masses[i] * Math.pow(nodes[i], p);
            assertThat(s).as("p %d", p).isCloseTo(q.moment(p).value(), within(1e-12 * Math.max(1, Math.abs(s))));
            // each group's trace estimates average to its share of the moment, times n
            double t = 0;
            for (int g = 0; g < 2; g++) for (double x : q.traces(g, p)) t += x / (2 * 6 * a.size());
            assertThat(t).isCloseTo(q.moment(p).value(), within(1e-12 * Math.max(1, Math.abs(t))));
        }
        double[] u = new double[301];
        for (int i = 0; i < u.length; i++) u[i] = -4 + 6.0 * i / (u.length - 1);
        double[] smooth = m.log10Density(u, 0.1, 0), direct = q.log10Density(u, 0.1).density();
        for (int i = 0; i < u.length; i++) assertThat(smooth[i]).isCloseTo(direct[i], within(1e-12));
        // the floor sits above the smallest Ritz value; what lies at or below it is left out of the curve and counted apart
        double floor = q.resolutionFloor();
        assertThat(floor).isGreaterThan(q.smallest()).isLessThan(q.largest());
        double[] cut = m.log10Density(u, 0.1, floor);
        assertThat(trapezoid(u, cut) + m.massAtOrBelow(floor)).isCloseTo(1, within(1e-3));
        assertThatThrownBy(() -> q.traces(2, 1)).hasMessage("group 2 does not exist; expected 0 to 1");
        assertThatThrownBy(() -> new SpectralQuadrature.Measure(new double[2], new double[1])).hasMessage("2 nodes and 1 masses; expected one mass per node");
    }

    @Test
    void theLanczosMethodGivesEachInputsMomentsAndHandsOverItsMeasure() {
        Blas blas = Blas.on(TWO);
        Mlp net = Mlp.create(40, 40, 5, 2, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.5, 0.05), Init.he(), Rng.seeded(8), blas);
        dev.vnlab.data.RowSource inputs = dev.vnlab.data.RowSource.gaussian(Rng.seeded(9), 5, 40, 1, blas);
        java.util.List<SpectralQuadrature> seen = new java.util.ArrayList<>();
        JacobianMethod lanczos = JacobianMethod.lanczos(3, 12, 15, Rng.seeded(10)).reportingSpectra(seen::add);
        // batches of 2 inputs: input s draws from rng.child(s) whichever batch it is in
        java.util.List<JacobianMoments> byTwo = lanczos.measure(net, inputs, 2, blas), byThree = JacobianMethod.lanczos(3, 12, 15, Rng.seeded(10)).measure(net, inputs, 3, blas);
        assertThat(seen).hasSize(2);
        assertThat(byTwo).isEqualTo(byThree);
        java.util.List<JacobianMoments> exact = JacobianMethod.exact(3).measure(net, inputs, 3, blas);
        for (int i = 0; i < 3; i++) {
            JacobianMoments e = exact.get(i), s = byTwo.get(i);
            // five standard errors: over 12 vectors the error is itself uncertain (t with 11 degrees of freedom)
            assertThat(s.m1().value()).as("input %d", i).isCloseTo(e.m1().value(), within(5 * s.m1().standardError() + 1e-5 * e.m1().value()));
            assertThat(s.m2().value()).as("input %d", i).isCloseTo(e.m2().value(), within(5 * s.m2().standardError() + 1e-5 * e.m2().value()));
            assertThat(s.vni().standardError()).isPositive();
        }
        assertThat(lanczos.isLanczos()).isTrue();
        assertThat(lanczos.steps()).isEqualTo(15);
        assertThat(lanczos).hasToString("Lanczos quadrature from 12 start vectors of 15 steps at each of 3 inputs");
        assertThatThrownBy(() -> JacobianMethod.lanczos(3, 1, 15, Rng.seeded(1))).hasMessage("1 start vectors per input requested; expected at least 2, for a standard error");
        assertThatThrownBy(() -> JacobianMethod.lanczos(3, 2, 0, Rng.seeded(1))).hasMessage("0 Lanczos steps requested; expected at least 1");
        assertThatThrownBy(() -> JacobianMethod.exact(3).reportingSpectra(seen::add)).isInstanceOf(IllegalStateException.class)
                .hasMessage("only the Lanczos route takes spectral measures; this is exact at 3 inputs");
    }

    private static double trapezoid(double[] x, double[] y) {
        double s = 0;
        for (int i = 1; i < x.length; i++) s += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
        return s;
    }

    private static HiddenJacobian jacobian(Blas blas, long seed) {
        Mlp net = Mlp.create(50, 50, 8, 3, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.5, 0.05), Init.he(), Rng.seeded(seed), blas);
        FloatMatrix x = new FloatMatrix(3, 50);
        Rng.seeded(seed + 1).fillGaussian(x, 0f, 1f, blas);
        return HiddenJacobian.at(net, x, blas);
    }

    @Test
    void theGramOfAJacobianMatchesItsExactEigenvalues() {
        HiddenJacobian jac = jacobian(Blas.on(TWO), 3);
        SpectralQuadrature q = StochasticLanczos.ofGram(jac, 20, 25, Rng.seeded(4));
        assertThat(q.quadratures()).hasSize(60);
        double m1 = 0, m2 = 0, max = 0, min = Double.POSITIVE_INFINITY;
        for (int p = 0; p < 3; p++) {
            JacobianSpectrum s = JacobianSpectrum.at(jac, p);
            m1 += s.m1() / 3;
            m2 += s.m2() / 3;
            for (double e : s.eigenvalues()) {
                max = Math.max(max, e);
                min = Math.min(min, e);
            }
        }
        // Four standard errors, plus the float32 products' resolution: the deflated part is exact to it.
        assertThat(q.moment(1).value()).isCloseTo(m1, within(4 * q.moment(1).standardError() + 1e-5 * m1));
        assertThat(q.moment(2).value()).isCloseTo(m2, within(4 * q.moment(2).standardError() + 1e-5 * m2));
        assertThat(q.largest()).isCloseTo(max, within(1e-4 * max)); // float32 products
        assertThat(q.smallest()).isGreaterThan(min - 1e-4 * max);
    }

    @Test
    void theSameNumbersOnOneAndTwoThreads() {
        SpectralQuadrature one = StochasticLanczos.ofGram(jacobian(Blas.on(ONE), 5), 4, 12, Rng.seeded(6));
        SpectralQuadrature two = StochasticLanczos.ofGram(jacobian(Blas.on(TWO), 5), 4, 12, Rng.seeded(6));
        assertThat(two.groups()).isEqualTo(one.groups());
        assertThat(two.quadratures()).isEqualTo(one.quadratures()).hasSize(12);
    }

    @Test
    void outliersAreDeflatedExactlyAndCostNoVariance() {
        double[] d = new double[200];
        double[] outliers = {100, 50, 20, 10, 5};
        System.arraycopy(outliers, 0, d, 0, 5);
        for (int i = 5; i < 200; i++) d[i] = 0.1 + 0.9 * (i - 5) / 194.0;
        Diagonal a = new Diagonal(d);
        SpectralQuadrature q = StochasticLanczos.estimate(a, 1, 20, 30, Rng.seeded(8), Blas.on(TWO));
        double[] deflated = q.groups().get(0).deflated();
        assertThat(deflated.length).isGreaterThanOrEqualTo(5);
        assertThat(java.util.Arrays.copyOf(deflated, 5)).containsExactly(outliers, within(1e-9));
        for (int p = 1; p <= 4; p++) {
            Estimate e = q.moment(p);
            assertThat(e.value()).as("p %d", p).isCloseTo(a.moment(p), within(4 * e.standardError() + 1e-12 * a.moment(p)));
            assertThat(e.standardError()).as("p %d", p).isLessThan(0.01 * a.moment(p)); // the outliers carry 99% of m4
        }
    }

    @Test
    void anOperatorSpannedByTheFirstRunIsMeasuredExactly() {
        double[] d = {0.3, 1, 1.7, 2, 4, 4.5, 8, 9, 11, 20, 21, 40};
        Diagonal a = new Diagonal(d);
        SpectralQuadrature q = StochasticLanczos.estimate(a, 1, 3, 12, Rng.seeded(9), Blas.on(TWO));
        assertThat(q.groups().get(0).deflated()).hasSize(12);
        assertThat(q.groups().get(0).probes()).isEmpty();
        for (int p = 0; p <= 4; p++) {
            assertThat(q.moment(p).value()).isCloseTo(a.moment(p), within(1e-10 * a.moment(p)));
            assertThat(q.moment(p).standardError()).isZero();
        }
        assertThat(q.smallest()).isCloseTo(0.3, within(1e-12));
        assertThat(q.largest()).isCloseTo(40, within(1e-12));
    }

    @Test
    void aSingleStartVectorHasNoStandardErrorAndGroupsRejectImpossibleOverlaps() {
        SpectralQuadrature q = StochasticLanczos.estimate(decades(), 1, 1, 10, Rng.seeded(3), Blas.on(ONE));
        assertThat(q.moment(1).value()).isFinite();
        assertThat(q.moment(1).standardError()).isNaN();
        RitzQuadrature one = new RitzQuadrature(new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> new SpectralQuadrature.Group(new double[] {2}, java.util.List.of(one), new double[][] {{1.0}}))
                .hasMessageContaining("overlaps sum to 1.0; expected less than 1");
        assertThatThrownBy(() -> new SpectralQuadrature.Group(new double[] {2}, java.util.List.of(one), new double[][] {{-0.1}}))
                .hasMessageContaining("an overlap of -0.1");
        SpectralQuadrature.Group full = new SpectralQuadrature.Group(new double[] {2, 1}, java.util.List.of(one), new double[][] {{0.1, 0.2}});
        assertThatThrownBy(() -> new SpectralQuadrature(2, java.util.List.of(full))).hasMessageContaining("none when every eigenvalue is deflated");
    }

    @Test
    void badCountsAreNamed() {
        Diagonal a = decades();
        Blas blas = Blas.on(ONE);
        assertThatThrownBy(() -> StochasticLanczos.estimate(a, 0, 1, 1, Rng.seeded(1), blas)).hasMessageContaining("groups of start vectors: 0");
        assertThatThrownBy(() -> StochasticLanczos.estimate(a, 1, 0, 1, Rng.seeded(1), blas)).hasMessageContaining("start vectors per group: 0");
        assertThatThrownBy(() -> StochasticLanczos.estimate(a, 1, 1, 0, Rng.seeded(1), blas)).hasMessageContaining("Lanczos steps: 0");
        assertThatThrownBy(() -> StochasticLanczos.ofGram(jacobian(blas, 1), 0, 5, Rng.seeded(1))).hasMessageContaining("start vectors per group: 0");
    }
}
