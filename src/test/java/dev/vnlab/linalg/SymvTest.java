package dev.vnlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.parallel.Workers;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blas.symv against a naive product of the full symmetric matrix; only the upper triangle may be read. */
@Tag("kernels")
class SymvTest {

    /** An n x n view (offset 3, stride n + 5) whose upper triangle holds a symmetric matrix and whose lower is NaN. */
    static DoubleMatrix upperOnly(int n, Random rnd, double[][] full) {
        double[] data = new double[3 + n * (n + 5)];
        java.util.Arrays.fill(data, Double.NaN);
        DoubleMatrix a = DoubleMatrix.wrap(data, 3, n, n, n + 5);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = rnd.nextDouble() * 2 - 1;
                full[i][j] = v;
                full[j][i] = v;
                a.set(i, j, v);
            }
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 8, 9, 64, 257, 700})
    void matchesTheNaiveProductAndNeverReadsTheLowerTriangle(int n) {
        Random rnd = new Random(n);
        double[][] full = new double[n][n];
        DoubleMatrix a = upperOnly(n, rnd, full);
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = rnd.nextGaussian(); y[i] = rnd.nextGaussian(); }
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += full[i][j] * x[j];
            want[i] = 0.5 * s - 2.0 * y[i];
        }
        try (Workers w = Workers.of(2)) {
            Blas.on(w).symv(0.5, a, x, -2.0, y);
        }
        assertThat(y).containsExactly(want, within(1e-13 * n));
    }

    @Test
    void betaZeroIgnoresNonFiniteY() {
        DoubleMatrix a = DoubleMatrix.of(new double[][] {{2, 1}, {1, 3}});
        double[] y = {Double.NaN, Double.POSITIVE_INFINITY};
        Blas.defaults().symv(1.0, a, new double[] {1, -1}, 0.0, y);
        assertThat(y).containsExactly(1, -2);
    }

    @Test
    void bitIdenticalForEveryThreadCount() {
        int n = 900;
        Random rnd = new Random(1);
        DoubleMatrix a = upperOnly(n, rnd, new double[n][n]);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextGaussian();
        double[] one = null;
        for (int t = 1; t <= 4; t++) {
            double[] y = new double[n];
            try (Workers w = Workers.of(t)) {
                Blas.on(w).symv(1.0, a, x, 0.0, y);
            }
            if (one == null) one = y;
            else Reference.assertBitsEqual("symv at " + t + " threads", y, one);
        }
    }

    @Test
    void shapeErrorsNameTheShapes() {
        assertThatThrownBy(() -> Blas.defaults().symv(1.0, new DoubleMatrix(3, 4), new double[4], 0.0, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x4");
        assertThatThrownBy(() -> Blas.defaults().symv(1.0, new DoubleMatrix(3, 3), new double[2], 0.0, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 8, 129, 300})
    void offsetVectorsGiveTheSameBitsAndTouchOnlyTheirRange(int n) {
        Random rnd = new Random(n);
        DoubleMatrix a = upperOnly(n, rnd, new double[n][n]);
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) y[i] = rnd.nextGaussian();
        double[] bigX = new double[n + 7], bigY = new double[n + 11];
        System.arraycopy(x, 0, bigX, 5, n);
        java.util.Arrays.fill(bigY, -7.0);
        System.arraycopy(y, 0, bigY, 4, n);
        double[] expected = y.clone();
        Blas.defaults().symv(0.5, a, x, 1.5, expected);
        Blas.defaults().symv(0.5, a, bigX, 5, 1.5, bigY, 4);
        Reference.assertBitsEqual("symv with offsets", java.util.Arrays.copyOfRange(bigY, 4, 4 + n), expected);
        for (int i = 0; i < 4; i++) assertThat(bigY[i]).isEqualTo(-7.0);
        for (int i = 4 + n; i < bigY.length; i++) assertThat(bigY[i]).isEqualTo(-7.0);
        assertThatThrownBy(() -> Blas.defaults().symv(1.0, a, bigX, 8, 0.0, bigY, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has " + bigX.length + " elements from 8");
    }
}
