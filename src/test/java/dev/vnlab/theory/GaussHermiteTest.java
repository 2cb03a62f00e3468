package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussHermiteTest {
    @Test
    void onePointRuleIsTheMean() {
        GaussHermite g = GaussHermite.of(1);
        assertThat(g.nodes()).containsExactly(0.0);
        assertThat(g.weights()).containsExactly(1.0);
    }

    @Test
    void twoPointRuleHasNodesAtPlusMinusOne() {
        GaussHermite g = GaussHermite.of(2);
        assertThat(g.nodes()[0]).isCloseTo(-1, within(1e-15));
        assertThat(g.nodes()[1]).isCloseTo(1, within(1e-15));
        assertThat(g.weights()[0]).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void isExactForGaussianMomentsUpToDegreeTwoNMinusOne() {
        for (int n : new int[] {3, 8, 20, 60}) {
            GaussHermite g = GaussHermite.of(n);
            double doubleFactorial = 1; // (2k-1)!!
            for (int k = 0; 2 * k <= 2 * n - 1 && k <= 20; k++) {
                if (k > 0) doubleFactorial *= 2 * k - 1;
                int deg = 2 * k;
                double got = g.expect(z -> Math.pow(z, deg));
                assertThat(got).as("E[z^%d] with n=%d", deg, n).isCloseTo(doubleFactorial, within(1e-11 * doubleFactorial));
                int odd = 2 * k + 1;
                assertThat(g.expect(z -> Math.pow(z, odd))).isCloseTo(0, within(1e-10 * doubleFactorial * (odd + 1)));
            }
        }
    }

    @Test
    void convergesForSmoothFunctions() {
        GaussHermite g = GaussHermite.of(40);
        assertThat(g.expect(Math::cos)).isCloseTo(Math.exp(-0.5), within(1e-14));
        assertThat(g.expect(2.0, z -> Math.exp(z))).isCloseTo(Math.exp(1.0), within(1e-12)); // E[e^X], X ~ N(0, 2)
        double sum = 0;
        for (double w : GaussHermite.of(500).weights()) sum += w;
        assertThat(sum).isCloseTo(1, within(1e-12));
    }

    @Test
    void rejectsBadOrdersAndVariances() {
        assertThatThrownBy(() -> GaussHermite.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> GaussHermite.of(3).expect(-1, z -> z)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
