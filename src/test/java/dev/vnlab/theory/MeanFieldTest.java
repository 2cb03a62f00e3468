package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.nn.Activation;
import org.junit.jupiter.api.Test;

class MeanFieldTest {
    @Test
    void qMapOfPositivelyHomogeneousActivationsIsAffine() {
        assertThat(MeanField.qMap(Activation.LINEAR, 1.3, 0.2, 0.7)).isCloseTo(1.3 * 0.7 + 0.2, within(1e-15));
        assertThat(MeanField.qMap(Activation.RELU, 2, 0.1, 5)).isCloseTo(5.1, within(1e-14));
        assertThat(MeanField.qMap(Activation.TANH, 0, 0.4, 3)).isEqualTo(0.4);
    }

    @Test
    void varianceSequenceStartsFromTheInputsAndFollowsTheMap() {
        double[] q = MeanField.varianceSequence(Activation.LINEAR, 0.9, 0, 2.0, 6);
        assertThat(q).hasSize(6);
        for (int l = 1; l <= 6; l++) assertThat(q[l - 1]).as("q_%d", l).isCloseTo(2.0 * Math.pow(0.9, l), within(1e-14));
        double[] r = MeanField.varianceSequence(Activation.RELU, 2, 0.25, 0.1, 4);
        for (int l = 1; l <= 4; l++) assertThat(r[l - 1]).as("ReLU q_%d", l).isCloseTo(0.2 + 0.25 * l, within(1e-14));
        double[] t = MeanField.varianceSequence(Activation.TANH, 1.5, 0.05, 0.3, 3);
        assertThat(t[0]).isEqualTo(1.5 * 0.3 + 0.05);
        assertThat(t[2]).isCloseTo(1.5 * ActivationMoments.meanSquare(Activation.TANH, t[1]) + 0.05, within(1e-16));
    }

    @Test
    void fixedPointSatisfiesTheMapAndAttractsTheIteration() {
        Activation[] bounded = {Activation.TANH, Activation.HARD_TANH, Activation.ERF, Activation.SIGMOID};
        for (Activation a : bounded) {
            for (double w : new double[] {0.5, 1, 1.7, 4}) {
                for (double b : new double[] {0.05, 0.5}) {
                    double q = MeanField.fixedPoint(a, w, b);
                    assertThat(q).isPositive();
                    assertThat(MeanField.qMap(a, w, b, q)).as("%s w=%s b=%s", a, w, b).isCloseTo(q, within(4e-16 * q));
                    // the map contracts towards q* from above and below (q_x from either side)
                    double[] fromAbove = MeanField.varianceSequence(a, w, b, (5 * q - b) / w, 400);
                    double[] fromBelow = MeanField.varianceSequence(a, w, b, 0, 400);
                    assertThat(fromAbove[399]).isCloseTo(q, within(1e-9 * q));
                    assertThat(fromBelow[399]).isCloseTo(q, within(1e-9 * q));
                }
            }
        }
    }

    @Test
    void subcriticalPositivelyHomogeneousFixedPointsAreClosedForm() {
        assertThat(MeanField.fixedPoint(Activation.LINEAR, 0.8, 0.3)).isCloseTo(0.3 / 0.2, within(1e-14));
        assertThat(MeanField.fixedPoint(Activation.LINEAR, 0.5, 1e120)).isCloseTo(2e120, within(1e106)); // beyond the default search range
        assertThat(MeanField.fixedPoint(Activation.RELU, 1.9, 1)).isCloseTo(1 / (1 - 0.95), within(1e-12));
        double a2 = (double) Activation.LEAKY_SLOPE * Activation.LEAKY_SLOPE;
        assertThat(MeanField.fixedPoint(Activation.LEAKY_RELU, 1.5, 0.1)).isCloseTo(0.1 / (1 - 1.5 * (1 + a2) / 2), within(1e-14));
        assertThat(MeanField.fixedPoint(Activation.RELU, 1.5, 0)).isZero();
        assertThat(MeanField.fixedPoint(Activation.RELU, 2, 0)).isZero(); // every q is fixed: 0 by convention
        assertThat(MeanField.fixedPoint(Activation.LINEAR, 1, 0)).isZero();
    }

    @Test
    void oddBoundedActivationsWithoutBiasHaveZeroFixedPointUpToCriticality() {
        for (Activation a : new Activation[] {Activation.TANH, Activation.HARD_TANH, Activation.ERF}) {
            assertThat(MeanField.fixedPoint(a, 0.5, 0)).isZero();
            assertThat(MeanField.fixedPoint(a, 1, 0)).isZero();
            double q = MeanField.fixedPoint(a, 1.5, 0);
            assertThat(q).isPositive();
            assertThat(MeanField.qMap(a, 1.5, 0, q)).isCloseTo(q, within(4e-16 * q));
        }
        // Just above criticality q* is small: tanh^2(x) = x^2 - 2x^4/3 + ... gives
        // q* = (1 - 1/sigma_w^2)/2 + O((sigma_w^2 - 1)^2).
        double w = 1 + 1e-6;
        assertThat(MeanField.fixedPoint(Activation.TANH, w, 0)).isCloseTo((1 - 1 / w) / 2, within(1e-11));
    }

    @Test
    void theMapIsTheIdentityOnlyForPositivelyHomogeneousActivationsAtCriticalityWithoutBias() {
        assertThat(MeanField.isIdentity(Activation.RELU, 2, 0)).isTrue();
        assertThat(MeanField.isIdentity(Activation.LINEAR, 1, 0)).isTrue();
        assertThat(MeanField.isIdentity(Activation.LINEAR, Criticality.forBias(Activation.LINEAR, 0).sigmaW2(), 0)).as("1/mu_1 to rounding").isTrue();
        assertThat(MeanField.isIdentity(Activation.LEAKY_RELU, Criticality.forBias(Activation.LEAKY_RELU, 0).sigmaW2(), 0)).isTrue();
        // q* = 0 is their one fixed point, approached from q_1 > 0: not the identity
        assertThat(MeanField.isIdentity(Activation.TANH, 1, 0)).isFalse();
        assertThat(MeanField.isIdentity(Activation.HARD_TANH, 1, 0)).isFalse();
        assertThat(MeanField.isIdentity(Activation.RELU, 2, 0.1)).isFalse();
        assertThat(MeanField.isIdentity(Activation.RELU, 1.9, 0)).isFalse();
    }

    @Test
    void reportsMapsWithoutAFiniteFixedPoint() {
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.RELU, 3, 0)).isInstanceOf(NoFixedPointException.class)
                .hasMessageContaining("RELU at sigma_w^2 = 3.0").hasMessageContaining("no finite fixed point");
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.LINEAR, 1.5, 0)).isInstanceOf(NoFixedPointException.class);
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.LINEAR, 1, 0.1)).isInstanceOf(NoFixedPointException.class)
                .hasMessageContaining("sigma_b^2 = 0.1");
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.RELU, 2, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> MeanField.qMap(Activation.TANH, -1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma_w^2 = -1.0");
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.TANH, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma_b^2 = NaN");
        assertThatThrownBy(() -> MeanField.varianceSequence(Activation.TANH, 1, 0, 0.1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("depth L = 0");
        assertThatThrownBy(() -> MeanField.varianceSequence(Activation.TANH, 1, 0, -0.1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q_x = -0.1");
        assertThatThrownBy(() -> MeanField.varianceSequence(Activation.RELU, 4, 0, 1, 3000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows");
    }
}
