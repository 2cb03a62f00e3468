package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.kernel.Erf;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import org.junit.jupiter.api.Test;

class CriticalityTest {
    @Test
    void withoutBiasTheClosedFormsHold() {
        for (Activation a : new Activation[] {Activation.LINEAR, Activation.TANH, Activation.HARD_TANH, Activation.ERF}) {
            CriticalPoint c = Criticality.forBias(a, 0);
            assertThat(c.sigmaW2()).as("%s", a).isEqualTo(1.0);
            assertThat(c.qStar()).as("%s", a).isZero();
            assertThat(c.sigmaB2()).isZero();
        }
        assertThat(Criticality.forBias(Activation.RELU, 0).sigmaW2()).isEqualTo(2.0);
        double a2 = (double) Activation.LEAKY_SLOPE * Activation.LEAKY_SLOPE;
        assertThat(Criticality.forBias(Activation.LEAKY_RELU, 0).sigmaW2()).isCloseTo(2 / (1 + a2), within(1e-15));
    }

    @Test
    void reluIsCriticalAtTwoForAnyBiasWithUnboundedVariance() {
        for (double b : new double[] {0.01, 0.3, 2}) {
            CriticalPoint c = Criticality.forBias(Activation.RELU, b);
            assertThat(c.sigmaW2()).as("sigma_b^2 = %s", b).isCloseTo(2, within(1e-14));
            assertThat(c.qStar()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(c.sigmaB2()).isEqualTo(b);
        }
        assertThat(Criticality.forBias(Activation.LINEAR, 0.2).sigmaW2()).isCloseTo(1, within(1e-14));
    }

    @Test
    void tanhWithSmallBiasMatchesABruteForceScan() {
        double b = 0.05;
        CriticalPoint c = Criticality.forBias(Activation.TANH, b);
        // Independent route: for each sigma_w^2, the fixed point by bisection of the map and
        // chi = sigma_w^2 E[sech^4] at it, all by adaptive Simpson; scan for chi = 1, then bisect.
        double lo = Double.NaN, hi = Double.NaN;
        for (double w = 1.0; w <= 3.0; w += 0.1) {
            if (referenceChi(w, b) > 1) {
                hi = w;
                lo = w - 0.1;
                break;
            }
        }
        assertThat(hi).as("chi crosses 1 in [1, 3]").isNotNaN();
        while (hi - lo > 1e-10) {
            double mid = 0.5 * (lo + hi);
            if (referenceChi(mid, b) > 1) hi = mid;
            else lo = mid;
        }
        double w = 0.5 * (lo + hi);
        assertThat(c.sigmaW2()).isCloseTo(w, within(1e-8));
        assertThat(c.qStar()).isCloseTo(referenceFixedPoint(w, b), within(1e-8));
    }

    private static double referenceMeanSquare(double q) {
        return SimpsonReference.normalExpectation(1e-14, q, h -> Math.tanh(h) * Math.tanh(h));
    }

    private static double referenceFixedPoint(double w, double b) {
        double lo = b, hi = w + b; // F(b) > b since E[tanh^2] > 0; F(w + b) < w + b since tanh^2 < 1
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (w * referenceMeanSquare(mid) + b > mid) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    private static double referenceChi(double w, double b) {
        double q = referenceFixedPoint(w, b);
        return w * SimpsonReference.normalExpectation(1e-14, q, h -> Math.pow(1 - Math.tanh(h) * Math.tanh(h), 2));
    }

    @Test
    void criticalPointsAreFixedPointsWithUnitChi() {
        for (Activation a : new Activation[] {Activation.TANH, Activation.HARD_TANH, Activation.ERF, Activation.SIGMOID}) {
            for (double b : new double[] {0, 0.05, 0.5, 3}) {
                CriticalPoint c = Criticality.forBias(a, b);
                double q = MeanField.fixedPoint(a, c.sigmaW2(), b);
                assertThat(q).as("%s sigma_b^2=%s", a, b).isCloseTo(c.qStar(), within(1e-12 * Math.max(1, q)));
                assertThat(Criticality.chi(a, c.sigmaW2(), b)).as("%s sigma_b^2=%s", a, b).isCloseTo(1, within(1e-13));
            }
        }
        // sigmoid is never critical near q = 0: phi(0) = 1/2 keeps q* away from it
        assertThat(Criticality.forBias(Activation.SIGMOID, 0).qStar()).isGreaterThan(10);
    }

    @Test
    void targetFixedPointGivesTheScalesAndRoundTrips() {
        for (double q : new double[] {0.01, 0.3, 2, 40}) {
            CriticalPoint h = Criticality.forFixedPoint(Activation.HARD_TANH, q);
            assertThat(h.sigmaW2()).isCloseTo(1 / Erf.erf(1 / Math.sqrt(2 * q)), within(1e-13 * h.sigmaW2()));
            for (Activation a : new Activation[] {Activation.TANH, Activation.HARD_TANH, Activation.ERF}) {
                // hard-tanh's critical sigma_b^2 is exp(-1/(2q))-small near q = 0: 0 to rounding at q = 0.01
                if (a == Activation.HARD_TANH && q < 0.1) continue;
                CriticalPoint c = Criticality.forFixedPoint(a, q);
                assertThat(c.qStar()).isEqualTo(q);
                assertThat(c.sigmaB2()).isPositive();
                CriticalPoint back = Criticality.forBias(a, c.sigmaB2());
                assertThat(back.qStar()).as("%s q*=%s", a, q).isCloseTo(q, within(1e-11 * q));
                assertThat(back.sigmaW2()).isCloseTo(c.sigmaW2(), within(1e-11 * c.sigmaW2()));
            }
        }
        CriticalPoint relu = Criticality.forFixedPoint(Activation.RELU, 3);
        assertThat(relu.sigmaW2()).isCloseTo(2, within(1e-14));
        assertThat(relu.sigmaB2()).isZero();
        CriticalPoint tanh0 = Criticality.forFixedPoint(Activation.TANH, 0);
        assertThat(tanh0.sigmaW2()).isEqualTo(1.0);
        assertThat(tanh0.sigmaB2()).isZero();
    }

    @Test
    void rejectsTargetsThatNeedNegativeBiasVariance() {
        assertThatThrownBy(() -> Criticality.forFixedPoint(Activation.SIGMOID, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q* = 1.0").hasMessageContaining("SIGMOID").hasMessageContaining("sigma_b^2 = -")
                .hasMessageContaining("expected q* >= 45.6");
    }

    @Test
    void readyInitCarriesTheCriticalScales() {
        Init init = Criticality.init(Init.Scheme.ORTHOGONAL, Activation.TANH, 0.05);
        assertThat(init.scheme()).isEqualTo(Init.Scheme.ORTHOGONAL);
        assertThat(init.sigmaB2()).isEqualTo(0.05);
        assertThat(init.sigmaW2()).isEqualTo(Criticality.forBias(Activation.TANH, 0.05).sigmaW2());
        assertThat(Criticality.init(Init.Scheme.GAUSSIAN, Activation.RELU, 0)).isEqualTo(new Init(Init.Scheme.GAUSSIAN, 2, 0));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Criticality.forBias(Activation.TANH, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma_b^2 = -0.1");
        assertThatThrownBy(() -> Criticality.forFixedPoint(Activation.TANH, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q* = NaN");
        assertThatThrownBy(() -> Criticality.forFixedPoint(Activation.TANH, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q* = -1.0");
        assertThatThrownBy(() -> Criticality.chi(Activation.RELU, 3, 0)).isInstanceOf(NoFixedPointException.class);
    }
}
