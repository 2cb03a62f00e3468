package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.kernel.Erf;
import dev.vnlab.nn.Activation;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class NormalExpectationTest {
    private static final double[] NONE = {};

    private static DoubleUnaryOperator slopeSquared(Activation a, int k) {
        return h -> Math.pow(a.slope(h), 2 * k);
    }

    @Test
    void gaussHermitePathHasConvergedWhereItIsUsed() {
        // Smooth integrands at q <= HERMITE_MAX_Q: the production rule, a rule twice as long and
        // the composite Gauss-Legendre rule agree to rounding.
        GaussHermite doubled = GaussHermite.of(2 * NormalExpectation.HERMITE_ORDER);
        for (Activation a : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.ERF}) {
            for (double q : new double[] {1e-3, 0.05, 0.1, NormalExpectation.HERMITE_MAX_Q}) {
                for (int k = 1; k <= 8; k *= 2) {
                    DoubleUnaryOperator f = slopeSquared(a, k);
                    double got = NormalExpectation.expect(q, f);
                    assertThat(got).as("%s mu_%d(%s) vs 2n points", a, k, q).isCloseTo(doubled.expect(q, f), within(2e-15 * got));
                    assertThat(got).as("%s mu_%d(%s) vs composite", a, k, q).isCloseTo(NormalExpectation.composite(q, f, NONE), within(3e-15 * got));
                }
            }
        }
    }

    @Test
    void gaussHermiteAloneWouldMissTanhAtLargeVariance() {
        // Why the composite rule takes over above HERMITE_MAX_Q: at q = 50 the 160-point
        // Gauss-Hermite rule is off in the fourth digit, the production result is not.
        double q = 50;
        DoubleUnaryOperator f = slopeSquared(Activation.TANH, 1);
        double reference = SimpsonReference.normalExpectation(q, f);
        assertThat(Math.abs(GaussHermite.of(NormalExpectation.HERMITE_ORDER).expect(q, f) - reference)).isGreaterThan(1e-5);
        assertThat(NormalExpectation.expect(q, f)).isCloseTo(reference, within(1e-14));
    }

    @Test
    void smoothIntegrandsMatchAdaptiveSimpsonAtEveryScale() {
        for (double q : new double[] {0.01, 0.5, 3, 40, 1e4, 1e7}) {
            for (Activation a : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.ERF}) {
                DoubleUnaryOperator f = slopeSquared(a, 2);
                double ref = SimpsonReference.normalExpectation(q, f);
                assertThat(NormalExpectation.expect(q, f)).as("%s mu_2(%s)", a, q).isCloseTo(ref, within(1e-14 * Math.max(ref, 1e-3)));
            }
        }
    }

    @Test
    void indicatorsAreExactWhenSplitAtTheirJumpsAndPoorOtherwise() {
        for (double q : new double[] {1e-6, 0.01, 0.3, 1, 7, 1e3, 1e8}) {
            DoubleUnaryOperator box = h -> Math.abs(h) < 1 ? 1 : 0;
            double exact = Erf.erf(1 / Math.sqrt(2 * q));
            assertThat(NormalExpectation.expect(q, box, -1, 1)).as("P(|h| < 1), q=%s", q).isCloseTo(exact, within(2e-15));
            DoubleUnaryOperator step = h -> h > 0.3 ? 1 : 0;
            assertThat(NormalExpectation.expect(q, step, 0.3)).as("P(h > 0.3), q=%s", q)
                    .isCloseTo(0.5 * Erf.erfc(0.3 / Math.sqrt(2 * q)), within(2e-15));
        }
        // The same jump without the breakpoint: a panel straddles it and the error is gross.
        double q = 0.7;
        DoubleUnaryOperator step = h -> h > 0.3 ? 1 : 0;
        double exact = 0.5 * Erf.erfc(0.3 / Math.sqrt(2 * q));
        assertThat(Math.abs(NormalExpectation.composite(q, step, NONE) - exact)).isGreaterThan(1e-6);
    }

    @Test
    void polynomialPiecesGiveTheirClosedForms() {
        for (double q : new double[] {1e-12, 0.2, 2.5, 1e5}) {
            assertThat(NormalExpectation.expect(q, h -> h * h)).isCloseTo(q, within(1e-14 * q));
            assertThat(NormalExpectation.expect(q, h -> h > 0 ? h * h : 0, 0)).isCloseTo(q / 2, within(1e-14 * q));
            assertThat(NormalExpectation.expect(q, h -> Math.abs(h), 0)).isCloseTo(Math.sqrt(2 * q / Math.PI), within(1e-14 * Math.sqrt(q)));
            assertThat(NormalExpectation.expect(q, h -> h * h * h * h, 0)).isCloseTo(3 * q * q, within(1e-14 * q * q));
        }
    }

    @Test
    void zeroVarianceIsThePointMassLimit() {
        assertThat(NormalExpectation.expect(0, h -> 3 + h)).isEqualTo(3.0);
        assertThat(NormalExpectation.expect(0, h -> h > 0 ? 1 : 0, 0)).isEqualTo(0.5); // mean of the one-sided values
        assertThat(NormalExpectation.expect(0, h -> h > 0 ? 1 : 0.25, -1, 0, 1)).isEqualTo(0.625);
        assertThat(NormalExpectation.expect(0, h -> Math.abs(h) < 1 ? 1 : 0, -1, 1)).isEqualTo(1.0);
        // ...continuous with tiny positive q
        assertThat(NormalExpectation.expect(1e-300, h -> h > 0 ? 1 : 0, 0)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void rejectsBadVariancesAndBreakpoints() {
        assertThatThrownBy(() -> NormalExpectation.expect(-0.5, h -> h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q = -0.5").hasMessageContaining("expected a finite q >= 0");
        assertThatThrownBy(() -> NormalExpectation.expect(Double.NaN, h -> h)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> NormalExpectation.expect(Double.POSITIVE_INFINITY, h -> h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> NormalExpectation.expect(1, h -> h, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("breakpoint NaN");
    }
}
