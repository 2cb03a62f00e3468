package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.nn.Activation;
import org.junit.jupiter.api.Test;

/**
 * The correlation map against closed forms (ReLU's arc-cosine kernel, erf's arcsine kernel, the
 * linear map), its slope against finite differences (Price's theorem), and the order-to-chaos
 * quantities against what they must be on each side of the critical line.
 */
class CorrelationMapTest {
    private static final double[] CS = {-1, -0.9, -0.3, 0, 0.2, 0.7, 0.95, 0.999, 1};

    @Test
    void reluFollowsTheArcCosineKernel() {
        for (double q : new double[] {0.3, 1, 4}) {
            for (double c : CS) {
                double exact = q / (2 * Math.PI) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
                assertThat(CorrelationMap.crossMoment(Activation.RELU, q, c)).as("q %s, c %s", q, c).isCloseTo(exact, within(1e-10 * q));
            }
        }
    }

    @Test
    void erfFollowsTheArcSineKernel() {
        double a2 = Math.PI / 4; // phi(h) = erf(sqrt(pi) h / 2)
        for (double q : new double[] {0.1, 1, 10}) {
            for (double c : CS) {
                double exact = 2 / Math.PI * Math.asin(2 * a2 * q * c / (1 + 2 * a2 * q));
                assertThat(CorrelationMap.crossMoment(Activation.ERF, q, c)).as("q %s, c %s", q, c).isCloseTo(exact, within(1e-10));
            }
        }
    }

    @Test
    void theLinearMapAndTheEndsOfTheRange() {
        for (double c : CS) assertThat(CorrelationMap.crossMoment(Activation.LINEAR, 2, c)).isCloseTo(2 * c, within(1e-12));
        for (Activation phi : Activation.values()) {
            assertThat(CorrelationMap.crossMoment(phi, 0.8, 1)).as("%s", phi).isCloseTo(ActivationMoments.meanSquare(phi, 0.8), within(1e-12));
            assertThat(CorrelationMap.slopeCrossMoment(phi, 0.8, 1)).as("%s", phi).isCloseTo(ActivationMoments.mu1(phi, 0.8), within(1e-12));
        }
        // c = 1 is a fixed point of the map at q*.
        assertThat(CorrelationMap.next(Activation.TANH, 1.5, 0.1, 1)).isCloseTo(1, within(1e-12));
    }

    @Test
    void theSlopeOfTheMapIsChiC() {
        double h = 1e-5;
        for (Activation phi : new Activation[] {Activation.TANH, Activation.ERF, Activation.HARD_TANH, Activation.SIGMOID}) {
            for (double c : new double[] {-0.5, 0, 0.4, 0.8}) {
                double fd = (CorrelationMap.next(phi, 1.7, 0.05, c + h) - CorrelationMap.next(phi, 1.7, 0.05, c - h)) / (2 * h);
                assertThat(CorrelationMap.chiC(phi, 1.7, 0.05, c)).as("%s at c %s", phi, c).isCloseTo(fd, within(1e-6));
            }
        }
    }

    @Test
    void chi1IsTheSlopeAtOneAndSetsThePhase() {
        for (Activation phi : new Activation[] {Activation.TANH, Activation.ERF, Activation.HARD_TANH}) {
            double q = MeanField.fixedPoint(phi, 1.3, 0.05);
            assertThat(CorrelationMap.chi1(phi, 1.3, 0.05)).isCloseTo(1.3 * ActivationMoments.mu1(phi, q), within(1e-14));
            assertThat(CorrelationMap.chiC(phi, 1.3, 0.05, 1)).isCloseTo(CorrelationMap.chi1(phi, 1.3, 0.05), within(1e-12));
        }
        // Order: tanh at sigma_w^2 = 1.2, sigma_b^2 = 0.3 has chi_1 < 1, and every pair ends correlated.
        assertThat(CorrelationMap.chi1(Activation.TANH, 1.2, 0.3)).isLessThan(1);
        assertThat(CorrelationMap.fixedPoint(Activation.TANH, 1.2, 0.3)).isEqualTo(1);
        // Chaos: odd tanh without bias decorrelates to c* = 0.
        assertThat(CorrelationMap.chi1(Activation.TANH, 4, 0)).isGreaterThan(1);
        assertThat(CorrelationMap.fixedPoint(Activation.TANH, 4, 0)).isCloseTo(0, within(1e-10));
    }

    @Test
    void theChaoticFixedPointOfErfAgainstItsClosedFormMap() {
        double sw = 3, sb = 0.2, a2 = Math.PI / 4;
        double q = MeanField.fixedPoint(Activation.ERF, sw, sb);
        double c = 0.5;
        for (int i = 0; i < 2000; i++) c = (sw * 2 / Math.PI * Math.asin(2 * a2 * q * c / (1 + 2 * a2 * q)) + sb) / q;
        assertThat(CorrelationMap.fixedPoint(Activation.ERF, sw, sb)).isCloseTo(c, within(1e-9));
        double chiC = sw * (2 / Math.PI) * 2 * a2 / Math.sqrt((1 + 2 * a2 * q) * (1 + 2 * a2 * q) - (2 * a2 * q * c) * (2 * a2 * q * c));
        assertThat(CorrelationMap.chiC(Activation.ERF, sw, sb, c)).isCloseTo(chiC, within(1e-9));
        assertThat(CorrelationMap.correlationDepth(Activation.ERF, sw, sb)).isCloseTo(-1 / Math.log(chiC), within(1e-6));
    }

    @Test
    void depthScalesDivergeOnlyWhereTheyShould() {
        // On the critical line chi_1 = 1: xi_c is infinite; q still converges at a finite rate.
        double sb = 0.05;
        double sw = Criticality.forBias(Activation.TANH, sb).sigmaW2();
        assertThat(CorrelationMap.chi1(Activation.TANH, sw, sb)).isCloseTo(1, within(1e-9));
        assertThat(CorrelationMap.correlationDepth(Activation.TANH, sw, sb)).isInfinite();
        assertThat(CorrelationMap.fixedPoint(Activation.TANH, sw, sb)).isEqualTo(1);
        assertThat(CorrelationMap.varianceDepth(Activation.TANH, sw, sb)).isPositive().isFinite();
        // Away from it, xi_c is finite and longer nearer the line.
        double near = CorrelationMap.correlationDepth(Activation.TANH, 0.95 * sw, sb), far = CorrelationMap.correlationDepth(Activation.TANH, 0.6 * sw, sb);
        assertThat(near).isGreaterThan(far).isFinite();
        // The variance map's slope against a finite difference of the map itself.
        double q = MeanField.fixedPoint(Activation.TANH, 1.5, 0.1), h = 1e-6;
        double fd = (MeanField.qMap(Activation.TANH, 1.5, 0.1, q + h) - MeanField.qMap(Activation.TANH, 1.5, 0.1, q - h)) / (2 * h);
        assertThat(CorrelationMap.varianceMapSlope(Activation.TANH, 1.5, q)).isCloseTo(fd, within(1e-7));
        assertThat(CorrelationMap.varianceDepth(Activation.TANH, 1.5, 0.1)).isCloseTo(-1 / Math.log(fd), within(1e-4));
    }

    @Test
    void oddActivationsWithoutBiasDecorrelateFullyInChaos() {
        // C(0) = 0 exactly here: the bracket must not depend on the sign of the nested rule's rounding.
        for (Activation phi : new Activation[] {Activation.TANH, Activation.HARD_TANH, Activation.ERF}) {
            for (double sw : new double[] {1.5, 2.5, 4, 6}) {
                assertThat(CorrelationMap.fixedPoint(phi, sw, 0)).as("%s at sigma_w^2 %s", phi, sw).isCloseTo(0, within(1e-12));
                assertThat(CorrelationMap.correlationDepth(phi, sw, 0)).as("%s at sigma_w^2 %s", phi, sw).isPositive().isFinite();
            }
        }
    }

    @Test
    void kinksStayResolvedAsTheCorrelationNearsOne() {
        for (double c : new double[] {0.999, 0.9999, 0.99999, 0.999999}) {
            double cross = 1 / (2 * Math.PI) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
            double slopes = 0.25 + Math.asin(c) / (2 * Math.PI); // P(u1 > 0, u2 > 0)
            assertThat(CorrelationMap.crossMoment(Activation.RELU, 1, c)).as("c %s", c).isCloseTo(cross, within(1e-12));
            assertThat(CorrelationMap.slopeCrossMoment(Activation.RELU, 1, c)).as("slopes, c %s", c).isCloseTo(slopes, within(1e-10));
        }
    }

    @Test
    void closedFormInnerExpectationsAgreeWithTheNestedRule() {
        for (Activation phi : new Activation[] {Activation.RELU, Activation.LEAKY_RELU, Activation.HARD_TANH, Activation.LINEAR}) {
            for (double q : new double[] {0.05, 0.7, 20}) {
                for (double c : new double[] {-0.8, 0.5, 0.9999}) {
                    for (boolean slopes : new boolean[] {false, true}) {
                        double closed = CorrelationMap.pairExpectation(phi, q, c, slopes, true), nested = CorrelationMap.pairExpectation(phi, q, c, slopes, false);
                        assertThat(closed).as("%s q %s c %s slopes %s", phi, q, c, slopes).isCloseTo(nested, within(1e-11 * Math.max(1, q)));
                    }
                }
            }
        }
        // One inner expectation by hand: hard-tanh at mean 0.3, sd 0.5, against the nested rule's one-dimensional form.
        double byRule = NormalExpectation.expect(0.25, h -> Activation.HARD_TANH.apply(0.3 + h), -1.3, 0.7);
        assertThat(CorrelationMap.innerClosedForm(Activation.HARD_TANH, false, 0.3, 0.5)).isCloseTo(byRule, within(1e-14));
        assertThatThrownBy(() -> CorrelationMap.innerClosedForm(Activation.TANH, false, 0, 1)).hasMessageContaining("no closed form");
    }

    @Test
    void theFastRuleAgreesWithTheExactOne() {
        // erf in closed form: to rounding; tanh and sigmoid by the product rule: 1e-6 up to q = 3
        for (double q : new double[] {0.05, 1, 3}) {
            for (double c : new double[] {-0.7, 0.5, 0.999, 1}) {
                for (boolean slopes : new boolean[] {false, true}) {
                    double exact = slopes ? CorrelationMap.slopeCrossMoment(Activation.ERF, q, c) : CorrelationMap.crossMoment(Activation.ERF, q, c);
                    assertThat(CorrelationMap.erfClosedForm(q, c, slopes)).as("erf q %s c %s slopes %s", q, c, slopes).isCloseTo(exact, within(1e-12));
                    for (Activation phi : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
                        double e = slopes ? CorrelationMap.slopeCrossMoment(phi, q, c) : CorrelationMap.crossMoment(phi, q, c);
                        double f = slopes ? CorrelationMap.slopeCrossMoment(phi, q, c, CorrelationMap.Rule.FAST)
                                : CorrelationMap.crossMoment(phi, q, c, CorrelationMap.Rule.FAST);
                        assertThat(f).as("%s q %s c %s slopes %s", phi, q, c, slopes).isCloseTo(e, within(1e-6));
                    }
                }
            }
        }
        CorrelationMap.Phase exact = CorrelationMap.phase(Activation.TANH, 2.5, 0.05), fast = CorrelationMap.phase(Activation.TANH, 2.5, 0.05, CorrelationMap.Rule.FAST);
        assertThat(fast.qStar()).isEqualTo(exact.qStar());
        assertThat(fast.chi1()).isEqualTo(exact.chi1());
        assertThat(fast.cStar()).isCloseTo(exact.cStar(), within(1e-6));
        assertThat(fast.xiC()).isCloseTo(exact.xiC(), within(1e-5 * exact.xiC()));
        double[] a = CorrelationMap.cosineSequence(Activation.TANH, 2.5, 0.05, 1, 0.5, 10),
                b = CorrelationMap.cosineSequence(Activation.TANH, 2.5, 0.05, 1, 0.5, 10, CorrelationMap.Rule.FAST);
        for (int l = 0; l < a.length; l++) assertThat(b[l]).isCloseTo(a[l], within(1e-6));
    }

    @Test
    void theTrainableDepthIsSixCorrelationDepthsAndUnboundedAtCriticality() {
        assertThat(CorrelationMap.trainableDepth(Activation.TANH, 0.5, 0.05)).isEqualTo(6 * CorrelationMap.phase(Activation.TANH, 0.5, 0.05).xiC());
        assertThat(CorrelationMap.trainableDepth(Activation.TANH, 1, 0)).isInfinite(); // q* = 0, sigma_w^2 phi'(0)^2 = 1
        assertThat(CorrelationMap.trainableDepth(Activation.TANH, 0.8, 0)).isCloseTo(-6 / Math.log(0.8), within(1e-12)); // q* = 0, ordered
        assertThat(CorrelationMap.trainableDepth(Activation.RELU, 2.5, 0.1)).isNaN(); // the variances grow without bound
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> CorrelationMap.crossMoment(Activation.TANH, 1, 1.5)).hasMessageContaining("correlation c = 1.5 is invalid; expected -1 <= c <= 1");
        assertThatThrownBy(() -> CorrelationMap.crossMoment(Activation.TANH, -1, 0.5)).hasMessageContaining("-1");
        assertThatThrownBy(() -> CorrelationMap.next(Activation.TANH, 0.5, 0, 0.5)).isInstanceOf(NoFixedPointException.class).hasMessageContaining("q* = 0.0");
    }
}
