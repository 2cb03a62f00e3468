package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussLegendreTest {
    @Test
    void isExactForPolynomialsUpToDegreeTwoNMinusOne() {
        for (int n : new int[] {1, 2, 3, 5, 8, 16, 20, 40}) {
            GaussLegendre g = GaussLegendre.of(n);
            for (int k = 0; k <= 2 * n - 1; k++) {
                int deg = k;
                double exact = k % 2 == 0 ? 2.0 / (k + 1) : 0;
                double got = g.integrate(-1, 1, x -> Math.pow(x, deg));
                assertThat(got).as("int x^%d with n=%d", k, n).isCloseTo(exact, within(2e-15));
            }
            // ...and not for degree 2n: the rule has exactly the advertised degree (the error,
            // 2^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^2), is measurable for small n only).
            if (n <= 16) {
                double exact = 2.0 / (2 * n + 1);
                assertThat(Math.abs(g.integrate(-1, 1, x -> Math.pow(x, 2 * g.order())) - exact)).as("n=%d", n).isGreaterThan(1e-12);
            }
        }
    }

    @Test
    void matchesPublishedNodesAndWeights() {
        // Abramowitz and Stegun, table 25.4. A weight computed from a node rounded to double is
        // off by up to (relative) ulp(x) / (1 - x), about 1e-14 near the ends: hence 1e-15 there.
        GaussLegendre g16 = GaussLegendre.of(16);
        assertThat(g16.nodes()[15]).isCloseTo(0.989400934991649932596154173450, within(2e-16));
        assertThat(g16.weights()[15]).isCloseTo(0.027152459411754094851780572456, within(1e-15));
        assertThat(g16.nodes()[8]).isCloseTo(0.095012509837637440185319335425, within(2e-16));
        assertThat(g16.weights()[8]).isCloseTo(0.189450610455068496285396723208, within(4e-16));
        GaussLegendre g20 = GaussLegendre.of(20);
        assertThat(g20.nodes()[19]).isCloseTo(0.993128599185094924786122388471, within(2e-16));
        assertThat(g20.weights()[19]).isCloseTo(0.017614007139152118311861962352, within(1e-15));
        double sum = 0;
        for (double w : g20.weights()) sum += w;
        assertThat(sum).isCloseTo(2, within(1e-15));
        assertThat(GaussLegendre.of(1).nodes()).containsExactly(0.0);
        assertThat(GaussLegendre.of(1).weights()).containsExactly(2.0);
    }

    @Test
    void mapsOntoAnyInterval() {
        GaussLegendre g = GaussLegendre.of(4);
        assertThat(g.integrate(0, 3, x -> x * x * x * x * x)).isCloseTo(Math.pow(3, 6) / 6, within(1e-12));
        assertThat(g.integrate(3, 0, x -> x)).isCloseTo(-4.5, within(1e-14));
        assertThat(g.integrate(2, 2, x -> x)).isZero();
        assertThat(GaussLegendre.of(20).integrate(0, Math.PI, Math::sin)).isCloseTo(2, within(1e-15));
    }

    @Test
    void rejectsBadOrdersAndIntervals() {
        assertThatThrownBy(() -> GaussLegendre.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order 0");
        assertThatThrownBy(() -> GaussLegendre.of(3).integrate(0, Double.NaN, x -> x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
