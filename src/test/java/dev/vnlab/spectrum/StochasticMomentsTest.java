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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The probe estimates against the exact spectrum of the same Jacobians. */
class StochasticMomentsTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);

    @AfterAll
    static void close() { TWO.close(); }

    private static Mlp tanhNet(long seed) {
        return Mlp.create(40, 60, 6, 3, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.2, 0.05), Init.he(), Rng.seeded(seed), BLAS);
    }

    private static double sumOfPowers(double[] e, int k) {
        double s = 0;
        for (double v : e) s += Math.pow(v, k);
        return s;
    }

    @Test
    void estimatesAreWithinThreeStandardErrorsOfTheExactMoments() {
        int probes = 64, points = 4;
        for (long seed = 1; seed <= 3; seed++) {
            Mlp net = tanhNet(seed);
            FloatMatrix x = new FloatMatrix(points, 40);
            Rng.seeded(seed + 10).fillGaussian(x, 0f, 1f, Blas.on(TWO));
            HiddenJacobian jac = HiddenJacobian.at(net, x, BLAS);
            List<JacobianMoments> est = StochasticMoments.estimate(jac, probes, Rng.seeded(seed + 20));
            assertThat(est).hasSize(points);
            List<JacobianMoments> exact = new ArrayList<>();
            for (int p = 0; p < points; p++) {
                JacobianSpectrum sp = JacobianSpectrum.at(jac, p);
                exact.add(sp.moments());
                JacobianMoments e = est.get(p);
                String where = "seed " + seed + ", input " + p;
                assertThat(e.width()).isEqualTo(60);
                assertThat(e.m1().value()).as("m1, %s", where).isCloseTo(sp.m1(), within(3 * e.m1().standardError()));
                assertThat(e.m2().value()).as("m2, %s", where).isCloseTo(sp.m2(), within(3 * e.m2().standardError()));
                assertThat(e.vni().value()).as("VNI, %s", where).isCloseTo(sp.vni(), within(3 * e.vni().standardError()));
                // The standard errors themselves: for Gaussian v, Var ||J^T v||^2 = 2 tr((JJ^T)^2) and
                // Var ||J J^T v||^2 = 2 tr((JJ^T)^4), from the exact eigenvalues.
                double[] ev = sp.eigenvalues();
                double se1 = Math.sqrt(2 * sumOfPowers(ev, 2) / probes) / 60, se2 = Math.sqrt(2 * sumOfPowers(ev, 4) / probes) / 60;
                assertThat(e.m1().standardError()).as("SE of m1, %s", where).isBetween(0.6 * se1, 1.5 * se1);
                assertThat(e.m2().standardError()).as("SE of m2, %s", where).isBetween(0.5 * se2, 1.8 * se2);
                assertThat(e.vni().standardError()).isPositive().isLessThan(0.3 * sp.vni());
            }
            JacobianMoments mean = JacobianMoments.mean(est), exactMean = JacobianMoments.mean(exact);
            assertThat(exactMean.vni().standardError()).isZero();
            assertThat(mean.vni().value()).isCloseTo(exactMean.vni().value(), within(3 * mean.vni().standardError()));
            double se = 0;
            for (JacobianMoments e : est) se += e.vni().standardError() * e.vni().standardError();
            assertThat(mean.vni().standardError()).isCloseTo(Math.sqrt(se) / points, within(1e-15));
        }
    }

    @Test
    void givenProbesGiveTheSameEstimatesAsTheSeededOnes() {
        Mlp net = tanhNet(4);
        FloatMatrix x = new FloatMatrix(2, 40);
        Rng.seeded(5).fillGaussian(x, 0f, 1f, Blas.on(TWO));
        HiddenJacobian jac = HiddenJacobian.at(net, x, BLAS);
        FloatMatrix v = new FloatMatrix(2 * 8, 60);
        Rng rng = Rng.seeded(6);
        for (int p = 0; p < 2; p++) rng.child(p).fillGaussian(v.rowsView(p * 8, 8), 0f, 1f, Blas.on(TWO));
        assertThat(StochasticMoments.estimate(jac, v)).isEqualTo(StochasticMoments.estimate(jac, 8, rng));
    }

    @Test
    void deltaMethodOnKnownProbeValues() {
        // a = (1, 3), b = (2, 6): means 2 and 4, s_a^2 = 2, s_b^2 = 8, s_ab = 4; VNI = 4 / 4 = 1 and
        // relative variance (8/16 + 4*2/4 - 4*4/8) / 2 = 0.25.
        JacobianMoments m = StochasticMoments.fromProbes(2, new double[] {1, 3}, new double[] {2, 6});
        assertThat(m.m1()).isEqualTo(new Estimate(1, 0.5));
        assertThat(m.m2()).isEqualTo(new Estimate(2, 1));
        assertThat(m.vni().value()).isEqualTo(1);
        assertThat(m.vni().standardError()).isCloseTo(0.5, within(1e-15));
        assertThat(StochasticMoments.fromProbes(3, new double[] {0, 0}, new double[] {0, 0}).vni().value()).isNaN();
    }

    @Test
    void badInputIsRejectedWithTheValueAndWhatIsExpected() {
        HiddenJacobian jac = HiddenJacobian.at(tanhNet(1), new FloatMatrix(2, 40), BLAS);
        assertThatThrownBy(() -> StochasticMoments.estimate(jac, 0, Rng.seeded(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0 probes per input requested; expected at least 2, for a standard error");
        assertThatThrownBy(() -> StochasticMoments.estimate(jac, new FloatMatrix(2, 60)))
                .hasMessage("1 probes per input requested; expected at least 2, for a standard error");
        assertThatThrownBy(() -> StochasticMoments.estimate(jac, new FloatMatrix(5, 60)))
                .hasMessage("probes are 5x60; expected a multiple of 2 rows (the inputs) by 60 columns (the width)");
        assertThatThrownBy(() -> StochasticMoments.estimate(jac, new FloatMatrix(4, 40)))
                .hasMessage("probes are 4x40; expected a multiple of 2 rows (the inputs) by 60 columns (the width)");
        assertThatThrownBy(() -> JacobianMoments.mean(List.of())).hasMessage("the mean of 0 inputs' moments is undefined; expected at least one");
        assertThatThrownBy(() -> JacobianMethod.exact(0)).hasMessage("Jacobian over 0 inputs requested; expected at least 1");
        assertThatThrownBy(() -> JacobianMethod.stochastic(3, 1, Rng.seeded(1)))
                .hasMessage("1 probes per input requested; expected at least 2, for a standard error");
    }
}
