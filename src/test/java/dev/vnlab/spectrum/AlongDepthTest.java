package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.ObservedPass;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.MeanField;
import dev.vnlab.theory.Predictions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The measurement and theory wiring along depths: each part is what its own call gives, depths are
 * numbered 1..L as the network's layers, and a prediction the theory rules out keeps its reason.
 */
class AlongDepthTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);
    private static final Init INIT = new Init(Init.Scheme.GAUSSIAN, 1.2, 0.05);

    @AfterAll
    static void close() { TWO.close(); }

    private static Mlp net(Activation phi, Init init) {
        return Mlp.create(10, 14, 6, 2, phi, init, init, Rng.seeded(8), BLAS);
    }

    @Test
    void measurementsAlongDepthAreEachDepthsOwnCovarianceAndJacobian() {
        Mlp net = net(Activation.TANH, INIT);
        RowSource in = RowSource.gaussian(Rng.seeded(2), 45, 10, 0.5, BLAS);
        int[] depths = {2, 6, 3};
        JacobianMethod method = JacobianMethod.stochastic(5, 6, Rng.seeded(4));
        VanishingAlongDepth along = VanishingAlongDepth.measure(net, in, 16, depths, method, 2, BLAS);
        assertThat(along.depths()).containsExactly(depths);
        List<List<JacobianMoments>> jacobian = method.measure(net, in, 2, depths, BLAS);
        for (int k = 0; k < depths.length; k++) {
            Covariance own = LayerMetrics.covariance(net, depths[k], in, 16, BLAS);
            assertThat(along.covariances().get(k).vni()).as("depth %d", depths[k]).isEqualTo(own.vni());
            assertThat(along.covariances().get(k).meanVariance()).isEqualTo(own.meanVariance());
            assertThat(along.jacobian().get(k)).isEqualTo(jacobian.get(k));
            assertThat(along.meanJacobian(k)).isEqualTo(JacobianMoments.mean(jacobian.get(k)));
        }
        // Depth 6 of this network is the whole of it: the report (one batch size for both) is the same measurement at depth L.
        VanishingReport r = VanishingReport.measure(net, INIT, in, method, 2, BLAS);
        assertThat(along.jacobian().get(1)).isEqualTo(r.perInput());
        VanishingAlongDepth same = VanishingAlongDepth.measure(net, in, 2, new int[] {6}, method, 2, BLAS);
        assertThat(same.covariances().get(0).vni()).isEqualTo(r.covarianceVni());
        assertThat(same.jacobian().get(0)).isEqualTo(r.perInput());

        VanishingAlongDepth none = VanishingAlongDepth.measure(net, in, 16, depths, null, 2, BLAS);
        assertThat(none.jacobian()).hasSize(3).allSatisfy(l -> assertThat(l).isEmpty());
        assertThatThrownBy(() -> VanishingAlongDepth.measure(net, in, 16, new int[] {7}, null, 2, BLAS))
                .hasMessage("depth 7 has no hidden layer; expected 1 to 6");
    }

    @Test
    void theTheoryKeepsWhyItHasNoPrediction() {
        Init beyond = new Init(Init.Scheme.GAUSSIAN, 2.5, 0); // ReLU above criticality: q_l grows without bound
        TheoryAlongDepth t = TheoryAlongDepth.of(Activation.RELU, beyond, new int[] {3, 9}, 50, 1.0);
        assertThat(t.depths()).containsExactly(3, 9);
        for (int k = 0; k < 2; k++) {
            TheoryPrediction fixed = t.fixedPoint().get(k);
            assertThat(fixed.available()).isFalse();
            assertThat(fixed.failure()).startsWith("the variance map of RELU at sigma_w^2 = 2.5, sigma_b^2 = 0.0 has no finite fixed point");
            assertThat(t.fixedPointVni()[k]).isNaN(); // what reports print, as before
            assertThat(t.note(k)).startsWith("no fixed-point prediction: the variance map of RELU");
        }
        TheoryAlongDepth fine = TheoryAlongDepth.of(Activation.TANH, INIT, new int[] {3}, 50, 1.0);
        assertThat(fine.note(0)).isNull();
        assertThat(fine.fixedPoint().get(0).prediction()).isEqualTo(Predictions.fixedPoint(Activation.TANH, INIT, 3, 50));
        assertThat(fine.finiteDepthVni()[0]).isEqualTo(Predictions.finiteDepth(Activation.TANH, INIT, 3, 50, 1.0).vni());

        TheoryAlongDepth uneven = TheoryAlongDepth.failed(new int[] {4}, "widths differ");
        assertThat(uneven.note(0)).isEqualTo("no prediction: widths differ");

        TheoryValue q = TheoryValue.attempt(() -> MeanField.fixedPoint(Activation.RELU, 2.5, 0));
        assertThat(q.available()).isFalse();
        assertThat(q.value()).isNaN();
        assertThat(q.failure()).contains("has no finite fixed point");
        TheoryValue chi = TheoryValue.attempt(() -> Criticality.chi(Activation.TANH, 1.0, 0));
        assertThat(chi.failure()).isNull();
        assertThat(chi.value()).isEqualTo(Criticality.chi(Activation.TANH, 1.0, 0));
        assertThatThrownBy(() -> new TheoryValue(1.0, "why")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theObservedPassTangentsAreTheJacobianProductsBitForBit() {
        Mlp net = net(Activation.HARD_TANH, INIT);
        int k = 4, p = 3;
        FloatMatrix x = new FloatMatrix(k, 10), seeds = new FloatMatrix(k * p, 10);
        Rng.seeded(5).fillGaussian(x, 0f, 1f, BLAS);
        Rng.seeded(6).fillGaussian(seeds, 0f, 1f, BLAS);
        FloatMatrix[] seen = new FloatMatrix[net.depth() + 1];
        ObservedPass pass = new ObservedPass(net, BLAS).withTangents(RowSource.of(seeds), p);
        for (int l = 1; l <= net.depth(); l++) {
            FloatMatrix t = seen[l] = new FloatMatrix(k * p, net.width(l));
            pass.observe(l, layer -> t.copyFrom(layer.tangents()));
        }
        pass.run(RowSource.of(x), k);
        HiddenJacobian j = HiddenJacobian.at(net, x, BLAS);
        for (int d = 1; d <= net.depth(); d++) {
            FloatMatrix out = new FloatMatrix(k * p, net.width(d));
            (d == net.depth() ? j : j.prefix(d)).apply(seeds, out);
            assertThat(seen[d].toArray()).as("depth %d", d).isEqualTo(out.toArray());
        }
    }

    /** Wider than a GEMM k-block (256), so each tangent element sums over several blocks, and uneven widths. */
    @Test
    void theExactRouteCarriesJAsTangentsAndGivesTheFormedMatricesMomentsBitForBit() {
        Mlp net = Mlp.create(20, new int[] {270, 40, 300}, 2, Activation.TANH, INIT, INIT, Rng.seeded(9), BLAS);
        RowSource in = RowSource.gaussian(Rng.seeded(3), 5, 20, 0.7, BLAS);
        int[] depths = {3, 1, 2};
        List<List<JacobianMoments>> got = JacobianMethod.exact(5).measure(net, in, 2, depths, BLAS);
        FloatMatrix x = new FloatMatrix(5, 20);
        in.read(0, x);
        for (int start = 0; start < 5; start += 2) { // the method's batches of 2 inputs
            HiddenJacobian j = HiddenJacobian.at(net, x.rowsView(start, Math.min(2, 5 - start)), BLAS);
            for (int k = 0; k < depths.length; k++) {
                HiddenJacobian at = depths[k] == 3 ? j : j.prefix(depths[k]);
                for (int i = 0; i < at.points(); i++) {
                    assertThat(got.get(k).get(start + i)).as("depth %d, input %d", depths[k], start + i)
                            .isEqualTo(JacobianSpectrum.moments(at.matrix(i), BLAS));
                }
            }
        }
    }

    @Test
    void theoryAlongDepthIsEachDepthsOwnPredictionBitForBit() {
        record Case(Activation phi, Init init, int[] depths) {}
        for (Case c : List.of(new Case(Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.5, 0.05), new int[] {1, 10, 50, 100}),
                new Case(Activation.HARD_TANH, new Init(Init.Scheme.ORTHOGONAL, 1, 0), new int[] {30, 10, 20}),
                new Case(Activation.RELU, new Init(Init.Scheme.GAUSSIAN, 3, 0), new int[] {1, 5}),             // no fixed point
                new Case(Activation.LINEAR, new Init(Init.Scheme.GAUSSIAN, 4, 0), new int[] {1, 10, 600}))) { // q_l overflows before 600
            TheoryAlongDepth t = TheoryAlongDepth.of(c.phi(), c.init(), c.depths(), 200, 0.1);
            for (int k = 0; k < c.depths().length; k++) {
                int l = c.depths()[k];
                assertThat(t.fixedPoint().get(k)).as("%s, depth %d", c.phi(), l)
                        .isEqualTo(TheoryPrediction.attempt(() -> Predictions.fixedPoint(c.phi(), c.init(), l, 200)));
                assertThat(t.finiteDepth().get(k)).as("%s, depth %d", c.phi(), l)
                        .isEqualTo(TheoryPrediction.attempt(() -> Predictions.finiteDepth(c.phi(), c.init(), l, 200, 0.1)));
            }
        }
        TheoryAlongDepth linear = TheoryAlongDepth.of(Activation.LINEAR, new Init(Init.Scheme.GAUSSIAN, 4, 0), new int[] {1, 10, 600}, 200, 0.1);
        assertThat(linear.finiteDepth().get(1).available()).isTrue();
        assertThat(linear.finiteDepth().get(2).available()).isFalse();
    }
}
