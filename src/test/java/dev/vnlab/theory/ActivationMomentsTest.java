package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.kernel.Erf;
import dev.vnlab.nn.Activation;
import org.junit.jupiter.api.Test;

class ActivationMomentsTest {
    private static final double[] QS = {0, 1e-8, 0.01, 0.1, 0.2, 0.5, 1, 3.7, 25, 1e4};

    @Test
    void linearAndReluHaveConstantSlopeMoments() {
        double a2 = (double) Activation.LEAKY_SLOPE * Activation.LEAKY_SLOPE;
        for (double q : QS) {
            for (int k = 1; k <= 3; k++) {
                assertThat(ActivationMoments.mu(Activation.LINEAR, k, q)).isCloseTo(1, within(1e-14));
                assertThat(ActivationMoments.mu(Activation.RELU, k, q)).as("ReLU mu_%d(%s)", k, q).isCloseTo(0.5, within(1e-14));
                assertThat(ActivationMoments.mu(Activation.LEAKY_RELU, k, q)).as("leaky mu_%d(%s)", k, q)
                        .isCloseTo(0.5 * (1 + Math.pow(a2, k)), within(1e-14));
            }
            assertThat(ActivationMoments.meanSquare(Activation.LINEAR, q)).isCloseTo(q, within(1e-14 * q));
            assertThat(ActivationMoments.meanSquare(Activation.RELU, q)).isCloseTo(q / 2, within(1e-14 * q));
            assertThat(ActivationMoments.meanSquare(Activation.LEAKY_RELU, q)).isCloseTo(q * (1 + a2) / 2, within(1e-14 * q));
        }
    }

    @Test
    void hardTanhMatchesItsClosedForms() {
        for (double q : QS) {
            double mu = q == 0 ? 1 : Erf.erf(1 / Math.sqrt(2 * q));
            for (int k = 1; k <= 3; k++) {
                assertThat(ActivationMoments.mu(Activation.HARD_TANH, k, q)).as("mu_%d(%s)", k, q).isCloseTo(mu, within(1e-14));
            }
            // E[clamp(h)^2] = q E[z^2; |z| < s] + P(|z| > s), s = 1/sqrt(q), and
            // E[z^2; |z| < s] = erf(s/sqrt 2) - 2 s phi(s), phi the normal density.
            double expected = 0;
            if (q > 0) {
                double s = 1 / Math.sqrt(q);
                expected = q * truncatedSecondMoment(s) + Erf.erfc(s / Math.sqrt(2));
            }
            assertThat(ActivationMoments.meanSquare(Activation.HARD_TANH, q)).as("E[phi^2](%s)", q)
                    .isCloseTo(expected, within(1e-14 * Math.max(expected, 1e-300)));
        }
    }

    /**
     * {@code E[z^2; |z| < s]}: {@code erf(s/sqrt 2) - 2 s phi(s)} for s &gt;= 1, and for small s,
     * where that difference cancels, the series {@code sqrt(2/pi) sum_n (-1/2)^n s^(2n+3) / (n! (2n+3))}.
     */
    private static double truncatedSecondMoment(double s) {
        if (s >= 1) return Erf.erf(s / Math.sqrt(2)) - 2 * s * Math.exp(-0.5 * s * s) / Math.sqrt(2 * Math.PI);
        double sum = 0, term = s * s * s; // (-1/2)^n s^(2n+3) / n!
        for (int n = 0; n < 40; n++) {
            sum += term / (2 * n + 3);
            term *= -0.5 * s * s / (n + 1);
        }
        return Math.sqrt(2 / Math.PI) * sum;
    }

    @Test
    void erfActivationMatchesItsClosedForm() {
        for (double q : QS) {
            for (int k = 1; k <= 4; k++) {
                double exact = 1 / Math.sqrt(1 + k * Math.PI * q);
                assertThat(ActivationMoments.mu(Activation.ERF, k, q)).as("mu_%d(%s)", k, q).isCloseTo(exact, within(1e-12 * exact));
            }
            // E[erf(a h)^2] = (2/pi) asin(2 a^2 q / (1 + 2 a^2 q)), a = sqrt(pi)/2 (Williams 1997)
            double a2q = Math.PI / 4 * q;
            double exact = 2 / Math.PI * Math.asin(2 * a2q / (1 + 2 * a2q));
            assertThat(ActivationMoments.meanSquare(Activation.ERF, q)).as("E[phi^2](%s)", q)
                    .isCloseTo(exact, within(1e-13 * Math.max(exact, 1e-300)));
        }
    }

    @Test
    void tanhAndSigmoidMatchAdaptiveSimpson() {
        for (double q : new double[] {0.05, 0.2, 0.7, 2, 10, 100}) {
            for (int k = 1; k <= 3; k++) {
                int kk = k;
                double ref = SimpsonReference.normalExpectation(q, h -> Math.pow(1 - Math.tanh(h) * Math.tanh(h), 2 * kk));
                assertThat(ActivationMoments.mu(Activation.TANH, k, q)).as("tanh mu_%d(%s)", k, q).isCloseTo(ref, within(1e-13 * ref));
            }
            double ref = SimpsonReference.normalExpectation(q, h -> Math.tanh(h) * Math.tanh(h));
            assertThat(ActivationMoments.meanSquare(Activation.TANH, q)).as("tanh E[phi^2](%s)", q).isCloseTo(ref, within(1e-13 * ref));
            double sig = SimpsonReference.normalExpectation(q, h -> Math.pow(1 / (1 + Math.exp(-h)), 2));
            assertThat(ActivationMoments.meanSquare(Activation.SIGMOID, q)).as("sigmoid E[phi^2](%s)", q).isCloseTo(sig, within(1e-13 * sig));
            double sigSlope = SimpsonReference.normalExpectation(q, h -> {
                double s = 1 / (1 + Math.exp(-h));
                return Math.pow(s * (1 - s), 2);
            });
            assertThat(ActivationMoments.mu1(Activation.SIGMOID, q)).as("sigmoid mu_1(%s)", q).isCloseTo(sigSlope, within(1e-13 * sigSlope));
        }
    }

    @Test
    void zeroVarianceGivesTheValuesAtTheOrigin() {
        assertThat(ActivationMoments.mu1(Activation.TANH, 0)).isEqualTo(1.0);
        assertThat(ActivationMoments.meanSquare(Activation.TANH, 0)).isEqualTo(0.0);
        assertThat(ActivationMoments.meanSquare(Activation.SIGMOID, 0)).isEqualTo(0.25);
        assertThat(ActivationMoments.mu2(Activation.SIGMOID, 0)).isEqualTo(Math.pow(0.25, 4));
        assertThat(ActivationMoments.mu2(Activation.RELU, 0)).isEqualTo(0.5);
    }

    @Test
    void rejectsBadOrdersAndVariances() {
        assertThatThrownBy(() -> ActivationMoments.mu(Activation.TANH, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k = 0").hasMessageContaining("expected k >= 1");
        assertThatThrownBy(() -> ActivationMoments.mu1(Activation.RELU, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q = -2.0");
        assertThatThrownBy(() -> ActivationMoments.meanSquare(Activation.TANH, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }
}
