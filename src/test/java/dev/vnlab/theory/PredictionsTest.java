package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Init.Scheme;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionsTest {
    @Test
    void linearGaussianNetworkHasTheMarchenkoPasturMoments() {
        for (double w : new double[] {0.5, 0.9, 1}) {
            for (int depth : new int[] {1, 7, 50}) {
                for (Scheme s : new Scheme[] {Scheme.GAUSSIAN, Scheme.UNIFORM}) {
                    Init init = new Init(s, w, 0);
                    for (Prediction p : List.of(Predictions.fixedPoint(Activation.LINEAR, init, depth, 200),
                            Predictions.finiteDepth(Activation.LINEAR, init, depth, 200, 0.3))) {
                        double m1 = Math.pow(w, depth);
                        assertThat(p.m1()).as("w=%s L=%d", w, depth).isCloseTo(m1, within(1e-13 * m1));
                        assertThat(p.m2OverM1Squared()).isCloseTo(depth + 1, within(1e-12 * depth));
                        assertThat(p.m2()).isCloseTo(m1 * m1 * (depth + 1), within(1e-12 * m1 * m1 * depth));
                        assertThat(p.vni()).isCloseTo((depth + 1) / 200.0, within(1e-14));
                        assertThat(p.depth()).isEqualTo(depth);
                        assertThat(p.width()).isEqualTo(200);
                    }
                }
            }
        }
    }

    @Test
    void orthogonalLinearNetworkHasNoVanishingNodes() {
        Init init = new Init(Scheme.ORTHOGONAL, 1, 0);
        for (int depth : new int[] {1, 10, 1000}) {
            Prediction p = Predictions.fixedPoint(Activation.LINEAR, init, depth, 50);
            assertThat(p.m1()).isCloseTo(1, within(1e-13));
            assertThat(p.m2OverM1Squared()).isCloseTo(1, within(1e-12));
            assertThat(p.vni()).isCloseTo(1 / 50.0, within(1e-14));
        }
    }

    @Test
    void finiteDepthEqualsFixedPointWhenTheInputsStartAtTheFixedPoint() {
        Object[][] cases = {
            {Activation.TANH, new Init(Scheme.GAUSSIAN, 1.5, 0.1)},
            {Activation.HARD_TANH, new Init(Scheme.ORTHOGONAL, 1.2, 0.05)},
            {Activation.ERF, new Init(Scheme.UNIFORM, Criticality.forBias(Activation.ERF, 0.2).sigmaW2(), 0.2)},
            {Activation.SIGMOID, new Init(Scheme.GAUSSIAN, 4, 0)},
        };
        for (Object[] c : cases) {
            Activation a = (Activation) c[0];
            Init init = (Init) c[1];
            double q = MeanField.fixedPoint(a, init.sigmaW2(), init.sigmaB2());
            double qx = (q - init.sigmaB2()) / init.sigmaW2(); // so that q_1 = q*
            for (int depth : new int[] {1, 13, 60}) {
                Prediction f = Predictions.fixedPoint(a, init, depth, 300), d = Predictions.finiteDepth(a, init, depth, 300, qx);
                assertThat(d.m1()).as("%s L=%d", a, depth).isCloseTo(f.m1(), within(1e-12 * f.m1()));
                assertThat(d.m2()).isCloseTo(f.m2(), within(1e-11 * f.m2()));
                assertThat(d.m2OverM1Squared()).isCloseTo(f.m2OverM1Squared(), within(1e-12 * f.m2OverM1Squared()));
                assertThat(d.vni()).isCloseTo(f.vni(), within(1e-12 * f.vni()));
            }
        }
    }

    @Test
    void paperConfigurationsGiveTheirClosedForms() {
        // Hard-tanh at sigma_w^2 = 1, sigma_b = 0: q* = 0, mu_1 = mu_2 = 1, VNI = (1 + L)/N (Fig. 3.1's theory curve).
        Prediction h = Predictions.fixedPoint(Activation.HARD_TANH, new Init(Scheme.GAUSSIAN, 1, 0), 100, 200);
        assertThat(h.vni()).isCloseTo(101 / 200.0, within(1e-14));
        assertThat(h.m1()).isEqualTo(1.0);
        // He-initialised ReLU: mu_1 = mu_2 = 1/2, so mu_2/mu_1^2 - 1 - s_1 = 2 at any q.
        Init he = Init.he();
        assertThat(Predictions.fixedPoint(Activation.RELU, he, 40, 500).vni()).isCloseTo(81 / 500.0, within(1e-13));
        assertThat(Predictions.finiteDepth(Activation.RELU, he, 40, 500, 0.7).vni()).isCloseTo(81 / 500.0, within(1e-13));
        assertThat(Predictions.finiteDepth(Activation.RELU, he, 40, 500, 0.7).m1()).isCloseTo(1, within(1e-13));
        // Orthogonal critical tanh without bias: the excess vanishes at q* = 0 (section 5 of the paper).
        assertThat(Predictions.fixedPoint(Activation.TANH, new Init(Scheme.ORTHOGONAL, 1, 0), 500, 500).vni()).isCloseTo(1 / 500.0, within(1e-15));
    }

    @Test
    void finiteDepthSeesTheDecayingVarianceOfCriticalTanh() {
        // sigma_b = 0 at sigma_w^2 = 1: q_l decays like 1/(2l) (tanh^2 x = x^2 - 2x^4/3 + ... gives
        // 1/q_{l+1} ~ 1/q_l + 2), so mu_1(q_l) < 1 and m1 falls with depth, where the fixed-point
        // form (q* = 0) keeps m1 = 1. By Jensen mu_2 > mu_1^2 at q > 0, so each layer adds more
        // than the fixed point's 1 to m2/m1^2, and the excess fades as q_l -> 0.
        Init init = new Init(Scheme.GAUSSIAN, 1, 0);
        List<Prediction> sweep = Predictions.finiteDepthUpTo(Activation.TANH, init, 400, 500, 1.0);
        double[] q = MeanField.varianceSequence(Activation.TANH, 1, 0, 1.0, 400);
        assertThat(q[399]).isCloseTo(1.0 / (2 * 400), within(0.1 / 400));
        for (int l = 2; l <= 400; l++) {
            assertThat(sweep.get(l - 1).m1()).isLessThan(sweep.get(l - 2).m1());
            assertThat(sweep.get(l - 1).vni()).isGreaterThan(Predictions.fixedPoint(Activation.TANH, init, l, 500).vni());
        }
        double firstStep = sweep.get(1).m2OverM1Squared() - sweep.get(0).m2OverM1Squared();
        double lastStep = sweep.get(399).m2OverM1Squared() - sweep.get(398).m2OverM1Squared();
        assertThat(firstStep).isGreaterThan(1.01);
        assertThat(lastStep).isCloseTo(1, within(1e-4));
        for (int l : new int[] {1, 17, 400}) assertThat(sweep.get(l - 1)).isEqualTo(Predictions.finiteDepth(Activation.TANH, init, l, 500, 1.0));
    }

    @Test
    void vniIsNotClampedWhenDepthOutgrowsWidth() {
        Prediction p = Predictions.fixedPoint(Activation.TANH, Criticality.init(Scheme.GAUSSIAN, Activation.TANH, 0.05), 1000, 10);
        assertThat(p.vni()).isGreaterThan(1);
    }

    @Test
    void signalScalesFollowEquationsFourOneToFourThree() {
        double w = 0.8, sx = 0.1, sy = 2.5;
        int depth = 9;
        SignalScales s = Predictions.fixedPointScales(Activation.LINEAR, new Init(Scheme.GAUSSIAN, w, 0), depth, sx, sy);
        assertThat(s.forwardVariance()).isCloseTo(sx * Math.pow(w, depth), within(1e-15));
        assertThat(s.backwardVariance()).isCloseTo(sy * Math.pow(w, depth), within(1e-14));
        assertThat(s.weightGradientVariances()).hasSize(depth).allSatisfy(g -> assertThat(g).isCloseTo(sx * sy * Math.pow(w, depth - 1), within(1e-14)));
        // Layerwise along the sequence: equal to the fixed-point form when q_1 = q*, and
        // Var[dW_l] chi_l = sigma_x^2 sigma_y^2 prod_k chi_k for every l.
        Init init = new Init(Scheme.GAUSSIAN, 1.5, 0.1);
        double q = MeanField.fixedPoint(Activation.TANH, 1.5, 0.1);
        SignalScales f = Predictions.fixedPointScales(Activation.TANH, init, depth, sx, sy);
        SignalScales d = Predictions.finiteDepthScales(Activation.TANH, init, depth, (q - 0.1) / 1.5, sx, sy);
        assertThat(d.forwardVariance()).isCloseTo(f.forwardVariance(), within(1e-12 * f.forwardVariance()));
        assertThat(d.backwardVariance()).isCloseTo(f.backwardVariance(), within(1e-12 * f.backwardVariance()));
        for (int l = 0; l < depth; l++) {
            assertThat(d.weightGradientVariances().get(l)).isCloseTo(f.weightGradientVariances().get(l), within(1e-12 * f.weightGradientVariances().get(l)));
        }
        double[] qs = MeanField.varianceSequence(Activation.TANH, 1, 0, 0.5, depth);
        SignalScales t = Predictions.finiteDepthScales(Activation.TANH, new Init(Scheme.GAUSSIAN, 1, 0), depth, 0.5, sx, sy);
        for (int l = 0; l < depth; l++) {
            double chi = ActivationMoments.mu1(Activation.TANH, qs[l]);
            assertThat(t.weightGradientVariances().get(l) * chi).isCloseTo(t.forwardVariance() * sy, within(1e-14));
        }
        assertThat(t.forwardVariance()).isLessThan(sx);
        assertThatThrownBy(() -> t.weightGradientVariances().set(0, 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsBadArguments() {
        Init init = new Init(Scheme.GAUSSIAN, 1, 0);
        assertThatThrownBy(() -> Predictions.fixedPoint(Activation.TANH, init, 0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("depth L = 0").hasMessageContaining("expected L >= 1");
        assertThatThrownBy(() -> Predictions.finiteDepth(Activation.TANH, init, 5, 0, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width N = 0").hasMessageContaining("expected N >= 1");
        assertThatThrownBy(() -> Predictions.finiteDepth(Activation.TANH, init, 5, 10, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q_x = NaN");
        assertThatThrownBy(() -> Predictions.fixedPointScales(Activation.TANH, init, 5, 0.1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma_y^2 = -1.0");
        assertThatThrownBy(() -> Predictions.fixedPoint(Activation.RELU, new Init(Scheme.GAUSSIAN, 3, 0), 5, 10))
                .isInstanceOf(NoFixedPointException.class);
    }
}
