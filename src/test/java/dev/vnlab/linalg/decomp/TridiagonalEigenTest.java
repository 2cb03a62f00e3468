package dev.vnlab.linalg.decomp;

import static org.assertj.core.api.Assertions.assertThat;
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

    private static double[][] toRows(double[] z, int n) {
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) r[i] = Arrays.copyOfRange(z, i * n, i * n + n);
        return r;
    }
}
