package dev.vnlab.linalg.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Reference;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The double erf against tabulated values, an independent quadrature, and its own identities. */
@Tag("kernels")
class ErfTest {
    @Test
    void matchesTabulatedValues() {
        // Values to 16 digits (computed with mpmath at 50 digits).
        double[][] table = {
            {0.1, 0.1124629160182849}, {1.5, 0.9661051464753108}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
            {2, 0.9953222650189527}, {2.9, 0.9999589021219005}, {3, 0.9999779095030014}, {4, 0.9999999845827421},
        };
        for (double[] row : table) {
            assertThat(Erf.erf(row[0])).as("erf(%s)", row[0]).isCloseTo(row[1], within(4 * Math.ulp(row[1])));
            assertThat(Erf.erf(-row[0])).isEqualTo(-Erf.erf(row[0]));
        }
        // Tails keep their relative accuracy in erfc.
        double[][] tails = {{1, 0.1572992070502851}, {2, 0.004677734981047266}, {3, 2.209049699858544e-05}, {5, 1.537459794428035e-12}, {10, 2.088487583762545e-45}, {26, 5.663192408856143e-296}};
        for (double[] row : tails) {
            assertThat(Erf.erfc(row[0])).as("erfc(%s)", row[0]).isCloseTo(row[1], within(4e-15 * row[1]));
        }
        assertThat(Erf.erfc(-1)).isCloseTo(1 + 0.8427007929497149, within(1e-15));
        assertThat(Erf.erf(0)).isZero();
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(Erf.erf(Double.NaN)).isNaN();
        assertThat(Erf.erfc(40)).isZero();
    }

    @Test
    void agreesWithSimpsonQuadratureOnBothSidesOfTheBranchPoint() {
        Offset<Double> tol = within(6e-15); // the quadrature's own rounding over 4000 terms
        for (double x = -6; x <= 6; x += 0.0137) {
            assertThat(Erf.erf(x)).as("erf(%s)", x).isCloseTo(Reference.erfBySimpson(x), tol);
        }
        // Continuity where the series hands over to the continued fraction: 2 for erf, 1 for erfc.
        assertThat(Erf.erf(2.0) - Erf.erf(Math.nextDown(2.0))).isCloseTo(0.0, within(4e-16));
        assertThat(Erf.erfc(Math.nextDown(1.0)) / Erf.erfc(1.0)).isCloseTo(1.0, within(4e-15));
    }
}
