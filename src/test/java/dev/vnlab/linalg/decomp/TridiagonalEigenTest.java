package dev.vnlab.linalg.decomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Reference;
import dev.vnlab.linalg.kernel.KernelProvider;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TridiagonalEigenTest {
    @Test
    void toeplitzTridiagonalHasItsClosedFormSpectrum() {
        for (int n : new int[] {1, 2, 3, 10, 101}) {
            double a = 0.7, b = -1.3;
            double[] d = new double[n], e = new double[Math.max(0, n - 1)];
            Arrays.fill(d, a);
            Arrays.fill(e, b);
            TridiagonalEigen.solve(d, e, null, 0, KernelProvider.kernels());
            double[] expected = new double[n];
            for (int k = 1; k <= n; k++) expected[k - 1] = a + 2 * b * Math.cos(k * Math.PI / (n + 1));
            Arrays.sort(expected);
            for (int i = 0; i < n; i++) assertThat(d[i]).isCloseTo(expected[i], within(1e-13 * n));
        }
    }

    @Test
    void eigenvectorsSatisfyTheEigenEquation() {
        int n = 40;
        double[] d = new double[n], e = new double[n - 1];
        for (int i = 0; i < n; i++) d[i] = Math.sin(i) * 3;
        for (int i = 0; i < n - 1; i++) e[i] = Math.cos(2 * i) + 0.1;
        double[] d0 = d.clone(), e0 = e.clone();
        double[] z = new double[n * n];
        for (int i = 0; i < n; i++) z[i * n + i] = 1;
        TridiagonalEigen.solve(d, e, z, n, KernelProvider.kernels());
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) { // (T v)_i - lambda v_i, v = row j of z
                double tv = d0[i] * z[j * n + i];
                if (i > 0) tv += e0[i - 1] * z[j * n + i - 1];
                if (i < n - 1) tv += e0[i] * z[j * n + i + 1];
                assertThat(tv - d[j] * z[j * n + i]).isCloseTo(0, within(1e-12));
            }
        }
        assertThat(Reference.orthogonalityError(toRows(z, n))).isLessThan(1e-13);
        for (int i = 1; i < n; i++) assertThat(d[i]).isGreaterThanOrEqualTo(d[i - 1]);
    }

    @Test
    void repeatedEigenvaluesAndSplitMatrices() {
        double[] d = {2, 2, 2, 5, 5}, e = {0, 0, 0, 0};
        TridiagonalEigen.solve(d, e, null, 0, KernelProvider.kernels());
        assertThat(d).containsExactly(2, 2, 2, 5, 5);
        double[] d2 = {1, 1, 4, 4}, e2 = {1, 0, 0};
        TridiagonalEigen.solve(d2, e2, null, 0, KernelProvider.kernels());
        assertThat(d2).containsExactly(new double[] {0, 2, 4, 4}, within(1e-15));
    }

    @Test
    void rootFreeValuesHaveTheClosedFormSpectrum() {
        for (int n : new int[] {1, 2, 3, 10, 101, 600}) {
            double a = 0.7, b = -1.3;
            double[] d = new double[n], e = new double[Math.max(0, n - 1)];
            Arrays.fill(d, a);
            Arrays.fill(e, b);
            TridiagonalEigen.values(d, e);
            double[] expected = new double[n];
            for (int k = 1; k <= n; k++) expected[k - 1] = a + 2 * b * Math.cos(k * Math.PI / (n + 1));
            Arrays.sort(expected);
            for (int i = 0; i < n; i++) assertThat(d[i]).as("n = %d, eigenvalue %d", n, i).isCloseTo(expected[i], within(4e-15 * n));
        }
    }

    /** Random, graded, zero-diagonal (singular values in pairs +-s) and glued (Wilkinson-like) matrices. */
    @Test
    void rootFreeValuesAgreeWithTheRotatingSolver() {
        java.util.Random rng = new java.util.Random(7);
        for (int n : new int[] {2, 3, 4, 5, 17, 64, 257}) {
            for (int kind = 0; kind < 4; kind++) {
                double[] d = new double[n], e = new double[n - 1];
                for (int i = 0; i < n; i++) {
                    d[i] = switch (kind) {
                        case 0 -> rng.nextGaussian();
                        case 1 -> Math.pow(10, -12.0 * i / n) * (1 + rng.nextDouble());
                        case 2 -> 0;
                        default -> Math.abs(n / 2 - i);
                    };
                    if (i < n - 1) e[i] = switch (kind) {
                        case 0, 2 -> rng.nextGaussian();
                        case 1 -> Math.pow(10, -12.0 * (i + 0.5) / n);
                        default -> 1;
                    };
                }
                double norm = 0;
                for (int i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
                double[] d1 = d.clone(), d2 = d.clone();
                TridiagonalEigen.solve(d1, e.clone(), null, 0, KernelProvider.scalar());
                TridiagonalEigen.values(d2, e.clone());
                for (int i = 0; i < n; i++) {
                    assertThat(d2[i]).as("n = %d, kind %d, eigenvalue %d", n, kind, i).isCloseTo(d1[i], within(8 * n * Math.ulp(norm)));
                }
                for (int i = 1; i < n; i++) assertThat(d2[i]).isGreaterThanOrEqualTo(d2[i - 1]);
                if (kind == 2) for (int i = 0; i < n; i++) assertThat(d2[i]).isCloseTo(-d2[n - 1 - i], within(8 * n * Math.ulp(norm)));
            }
        }
    }

    /** Power-of-two scaling is exact in every step, so far outside the range where squares are safe too. */
    @Test
    void rootFreeValuesOfHugeAndTinyMatricesAreExactlyScaled() {
        int n = 50;
        java.util.Random rng = new java.util.Random(3);
        double[] d = new double[n], e = new double[n - 1];
        for (int i = 0; i < n; i++) d[i] = rng.nextGaussian();
        for (int i = 0; i < n - 1; i++) e[i] = rng.nextGaussian();
        double[] want = d.clone();
        TridiagonalEigen.values(want, e.clone());
        for (int k : new int[] {-900, -600, 600, 900}) {
            double[] ds = new double[n], es = new double[n - 1];
            for (int i = 0; i < n; i++) ds[i] = Math.scalb(d[i], k);
            for (int i = 0; i < n - 1; i++) es[i] = Math.scalb(e[i], k);
            TridiagonalEigen.values(ds, es);
            for (int i = 0; i < n; i++) assertThat(ds[i]).as("scale 2^%d, eigenvalue %d", k, i).isEqualTo(Math.scalb(want[i], k));
        }
    }

    @Test
    void twoByTwoClosedFormKeepsTheSmallEigenvalue() {
        // [[1, 1e-9], [1e-9, 1e-20]]: eigenvalues 1 + 1e-18 and 1e-20 - 1e-18 (determinant / larger).
        double[] d = {1, 1e-20};
        RootFreeQl.twoByTwo(d, 0, 1e-9);
        assertThat(d[0]).isEqualTo(1.0);
        assertThat(d[1]).isCloseTo(1e-20 - 1e-18, within(1e-33));
        double[] z = {0, 0};
        RootFreeQl.twoByTwo(z, 0, 2);
        assertThat(z).containsExactly(2, -2);
        double[] neg = {-3, -5};
        RootFreeQl.twoByTwo(neg, 0, 0);
        assertThat(neg).containsExactly(-5, -3);
    }

    @Test
    void rootFreeValuesRejectNonFiniteEntries() {
        assertThatThrownBy(() -> TridiagonalEigen.values(new double[] {1, Double.NaN, 2}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("diagonal entry 1 is NaN; expected a finite value");
        assertThatThrownBy(() -> TridiagonalEigen.values(new double[] {1, 2}, new double[] {Double.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("off-diagonal entry 0 is -Infinity; expected a finite value");
        assertThatThrownBy(() -> TridiagonalEigen.values(new double[] {1, 2, 3}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("off-diagonal has 1 entries; expected 2");
    }

    private static double[][] toRows(double[] z, int n) {
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) r[i] = Arrays.copyOfRange(z, i * n, i * n + n);
        return r;
    }
}
