package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.theory.Predictions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The side-by-side report against each of its parts computed on its own. */
class VanishingReportTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);

    @AfterAll
    static void close() { TWO.close(); }

    private static Mlp net(int inputs, int[] widths, Activation phi, Init init, long seed) {
        return Mlp.create(inputs, widths, 4, phi, init, Init.he(), Rng.seeded(seed), BLAS);
    }

    @Test
    void linearNetworkCovarianceVniIsItsJacobianVni() {
        // Zero biases, isotropic inputs of variance q: C = q J J^T exactly in expectation, so the two
        // VNIs agree up to the sample covariance's upward bias of order 1/M (docs/theory.md section 5).
        Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
        Mlp net = net(30, new int[] {30, 30, 30}, Activation.LINEAR, init, 1);
        RowSource in = RowSource.gaussian(Rng.seeded(2), 4000, 30, 0.5, Blas.on(TWO));
        VanishingReport r = VanishingReport.measure(net, init, in, JacobianMethod.exact(3), 500, BLAS);
        assertThat(r.depth()).isEqualTo(3);
        assertThat(r.width()).isEqualTo(30);
        assertThat(r.inputs()).isEqualTo(4000);
        assertThat(r.perInput()).hasSize(3);
        assertThat(r.perInput().get(1)).isEqualTo(r.perInput().get(0)); // a linear J is the same at every input
        assertThat(r.inputSecondMoment()).isCloseTo(0.5, within(0.01));
        assertThat(r.covarianceVni()).isCloseTo(r.jacobian().vni().value(), within(0.015 * r.jacobian().vni().value()));
        assertThat(r.jacobian().m2OverM1Squared().value()).isCloseTo(4, within(0.6)); // L + 1, with N = 30 scatter
        assertThat(r.fixedPoint().m2OverM1Squared()).isCloseTo(4, within(1e-12));
        assertThat(r.finiteDepth().m1()).isCloseTo(1, within(1e-12));
    }

    @Test
    void everyFigureIsWhatItsOwnCallGives() {
        Init init = new Init(Init.Scheme.GAUSSIAN, 1.3, 0.02);
        Mlp net = net(20, new int[] {25, 25, 25, 25}, Activation.TANH, init, 3);
        FloatMatrix x = new FloatMatrix(50, 20);
        Rng.seeded(4).fillGaussian(x, 0.1f, 0.6f, Blas.on(TWO)); // not centred: q_x is the second moment
        RowSource in = RowSource.of(x);
        JacobianMethod method = JacobianMethod.stochastic(7, 16, Rng.seeded(5));
        VanishingReport r = VanishingReport.measure(net, init, in, method, 16, BLAS);
        double q = 0;
        for (int i = 0; i < 50; i++) for (int j = 0; j < 20; j++) q += (double) x.get(i, j) * x.get(i, j);
        q /= 50 * 20;
        assertThat(r.inputSecondMoment()).isCloseTo(q, within(1e-6 * q)); // rows are summed in float lanes
        assertThat(r.covarianceVni()).isEqualTo(LayerMetrics.covariance(net, 4, in, 16, BLAS).vni());
        assertThat(r.method()).isSameAs(method);
        assertThat(r.perInput()).isEqualTo(method.measure(net, in, 16, BLAS));
        assertThat(r.jacobian()).isEqualTo(JacobianMoments.mean(r.perInput()));
        assertThat(r.fixedPoint().prediction()).isEqualTo(Predictions.fixedPoint(Activation.TANH, init, 4, 25));
        assertThat(r.finiteDepth().prediction()).isEqualTo(Predictions.finiteDepth(Activation.TANH, init, 4, 25, r.inputSecondMoment()));
        assertThat(r.fixedPoint().failure()).isNull();
        // Input s is probed from rng.child(s) whatever the batch; the GEMMs' row count differs, so only closeness is promised.
        JacobianMoments other = JacobianMoments.mean(method.measure(net, in, 3, BLAS));
        assertThat(other.vni().value()).isCloseTo(r.jacobian().vni().value(), within(1e-5 * r.jacobian().vni().value()));
    }

    @Test
    void stochasticReportAgreesWithTheExactOneWithinItsErrors() {
        Init init = new Init(Init.Scheme.ORTHOGONAL, 1.1, 0.01);
        Mlp net = net(40, new int[] {40, 40, 40, 40, 40}, Activation.HARD_TANH, init, 6);
        RowSource in = RowSource.gaussian(Rng.seeded(7), 60, 40, 0.3, Blas.on(TWO));
        VanishingReport exact = VanishingReport.measure(net, init, in, JacobianMethod.exact(6), 32, BLAS);
        VanishingReport est = VanishingReport.measure(net, init, in, JacobianMethod.stochastic(6, 48, Rng.seeded(8)), 32, BLAS);
        assertThat(est.covarianceVni()).isEqualTo(exact.covarianceVni());
        assertThat(est.fixedPoint()).isEqualTo(exact.fixedPoint());
        assertThat(exact.jacobian().vni().standardError()).isZero();
        for (int q = 0; q < 3; q++) {
            Estimate e = q == 0 ? est.jacobian().m1() : q == 1 ? est.jacobian().m2() : est.jacobian().vni();
            Estimate x = q == 0 ? exact.jacobian().m1() : q == 1 ? exact.jacobian().m2() : exact.jacobian().vni();
            assertThat(e.value()).as("moment %d", q).isCloseTo(x.value(), within(3 * e.standardError()));
        }
    }

    @Test
    void aTheoryWithoutAnswerGivesNaNAndItsReasonNotAnException() {
        // Linear above criticality: q_l grows without bound, so there is no fixed point; the finite-depth form still holds.
        Init init = new Init(Init.Scheme.GAUSSIAN, 1.5, 0);
        Mlp net = net(10, new int[] {10, 10}, Activation.LINEAR, init, 9);
        RowSource in = RowSource.gaussian(Rng.seeded(10), 20, 10, 1.0, Blas.on(TWO));
        VanishingReport r = VanishingReport.measure(net, init, in, JacobianMethod.exact(2), 8, BLAS);
        assertThat(r.fixedPoint().available()).isFalse();
        assertThat(r.fixedPoint().prediction()).isNull();
        assertThat(r.fixedPoint().failure()).contains("has no finite fixed point");
        assertThat(r.fixedPoint().vni()).isNaN();
        assertThat(r.fixedPoint().m1()).isNaN();
        assertThat(r.fixedPoint().m2()).isNaN();
        assertThat(r.fixedPoint().m2OverM1Squared()).isNaN();
        assertThat(r.finiteDepth().available()).isTrue();
        assertThat(r.finiteDepth().m1()).isCloseTo(1.5 * 1.5, within(1e-12));
        assertThat(r.covarianceVni()).isBetween(0.1, 1.0);
        assertThat(r.jacobian().vni().value()).isBetween(0.1, 1.0);

        // Hidden layers of different widths: the theory's N is undefined, both predictions say why.
        Init ok = new Init(Init.Scheme.GAUSSIAN, 1, 0);
        VanishingReport uneven = VanishingReport.measure(net(10, new int[] {30, 20}, Activation.TANH, ok, 11), ok, in,
                JacobianMethod.exact(2), 8, BLAS);
        assertThat(uneven.width()).isEqualTo(20);
        for (TheoryPrediction p : new TheoryPrediction[] {uneven.fixedPoint(), uneven.finiteDepth()}) {
            assertThat(p.vni()).isNaN();
            assertThat(p.failure()).isEqualTo("hidden layer 1 is 30 wide and the last is 20; the predictions expect every hidden layer to have the same width");
        }
        assertThat(uneven.jacobian().vni().value()).isBetween(1 / 20.0, 1.0);
    }

    @Test
    void badInputIsRejectedWithTheValueAndWhatIsExpected() {
        Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
        Mlp net = net(10, new int[] {12, 12}, Activation.TANH, init, 1);
        RowSource in = RowSource.gaussian(Rng.seeded(1), 5, 10, 1.0, Blas.on(TWO));
        JacobianMethod two = JacobianMethod.exact(2);
        assertThatThrownBy(() -> VanishingReport.measure(net, init, RowSource.gaussian(Rng.seeded(1), 5, 9, 1.0, Blas.on(TWO)), two, 4, BLAS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inputs have 9 columns; the network expects 10");
        assertThatThrownBy(() -> VanishingReport.measure(net, init, RowSource.gaussian(Rng.seeded(1), 1, 10, 1.0, Blas.on(TWO)), JacobianMethod.exact(1), 4, BLAS))
                .hasMessage("statistics over 1 input(s) are undefined; expected at least 2");
        assertThatThrownBy(() -> VanishingReport.measure(net, init, in, JacobianMethod.exact(6), 4, BLAS))
                .hasMessage("the Jacobian over 6 inputs needs that many rows; the input set has 5");
        assertThatThrownBy(() -> VanishingReport.measure(net, init, in, two, 0, BLAS)).hasMessage("batch size 0 is invalid; expected at least 1");
        Mlp noHidden = Mlp.create(10, new int[0], 4, Activation.TANH, init, init, Rng.seeded(1), BLAS);
        assertThatThrownBy(() -> VanishingReport.measure(noHidden, init, in, two, 4, BLAS)).hasMessage("the network has 0 hidden layers; expected at least 1");
        assertThatThrownBy(() -> JacobianMethod.exact(6).measure(net, in, 4, BLAS)).hasMessage("the Jacobian over 6 inputs needs that many rows; the input set has 5");
        assertThatThrownBy(() -> two.measure(net, RowSource.gaussian(Rng.seeded(1), 5, 11, 1.0, Blas.on(TWO)), 4, BLAS))
                .hasMessage("inputs have 11 columns; the network expects 10");
        assertThatThrownBy(() -> two.measure(net, in, 0, BLAS)).hasMessage("batch size 0 is invalid; expected at least 1");
    }
}
