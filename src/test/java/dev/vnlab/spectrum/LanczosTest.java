package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lanczos quadratures against what they must equal: v^T A^p v by repeated products (Gauss
 * quadrature is exact to degree 2m - 1), the eigen-decomposition of operators built from known
 * eigenvalues and a Householder reflector, and the same rows run one at a time.
 */
class LanczosTest {
    private static final Kernels SIMD = KernelProvider.kernels(), SCALAR = KernelProvider.scalar();

    /** A = H diag(lambda) H, H = I - 2 u u^T / u^T u: symmetric, eigenvalues lambda, eigenvectors H's columns. */
    private record Dense(double[][] a, double[] lambda, double[][] h) implements SymmetricOperator {
        static Dense of(double[] lambda, long seed) {
            int n = lambda.length;
            Random rnd = new Random(seed);
            double[] u = new double[n];
            double uu = 0;
            for (int i = 0; i < n; i++) {
                u[i] = rnd.nextGaussian();
                uu += u[i] * u[i];
            }
            double[][] h = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) h[i][j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / uu;
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += h[i][k] * lambda[k] * h[j][k];
                a[i][j] = s;
            }
            return new Dense(a, lambda.clone(), h);
        }

        @Override public int size() { return lambda.length; }

        @Override public void apply(double[] in, double[] out, int rows) {
            int n = size();
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += a[i][j] * in[r * n + j];
                    out[r * n + i] = s;
                }
            }
        }

        double[] times(double[] v) {
            double[] out = new double[v.length];
            apply(v, out, 1);
            return out;
        }
    }

    private static double[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
        return v;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    private static double[] spread(int n, double lo, double hi, long seed) {
        Random rnd = new Random(seed);
        double[] l = new double[n];
        for (int i = 0; i < n; i++) l[i] = lo * Math.pow(hi / lo, rnd.nextDouble());
        return l;
    }

    @Test
    void theQuadratureIsExactToDegreeTwiceTheStepsMinusOne() {
        int n = 30;
        for (int steps : new int[] {1, 2, 5, 8}) {
            Dense a = Dense.of(spread(n, 0.2, 3, 7 + steps), 11);
            double[] v = gaussian(n, 13 + steps);
            for (Kernels k : List.of(SIMD, SCALAR)) {
                RitzQuadrature q = Lanczos.run(a, v, 1, steps, k).get(0);
                assertThat(q.size()).isEqualTo(steps);
                double[] x = v.clone();
                double vv = dot(v, v);
                for (int p = 0; p <= 2 * steps - 1; p++) {
                    double exact = dot(v, x) / vv; // v^T A^p v / v^T v
                    assertThat(q.moment(p)).as("steps %d, p %d", steps, p).isCloseTo(exact, within(1e-11 * Math.max(1, Math.abs(exact))));
                    x = a.times(x);
                }
            }
        }
    }

    @Test
    void nStepsGiveEveryEigenvalueWithItsSquaredProjectionAsWeight() {
        int n = 25;
        double[] lambda = spread(n, 0.01, 10, 3);
        Dense a = Dense.of(lambda, 4);
        double[] v = gaussian(n, 5);
        RitzQuadrature q = Lanczos.run(a, v, 1, 40, SIMD).get(0); // more steps than n: n are taken
        assertThat(q.size()).isEqualTo(n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(lambda[i], lambda[j]));
        double vv = dot(v, v);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double proj = 0;
            for (int j = 0; j < n; j++) proj += a.h()[j][i] * v[j];
            assertThat(q.nodes()[k]).as("node %d", k).isCloseTo(lambda[i], within(1e-12 * 10));
            assertThat(q.weights()[k]).as("weight %d", k).isCloseTo(proj * proj / vv, within(1e-10));
        }
        assertThat(q.smallest()).isEqualTo(q.nodes()[0]);
        assertThat(q.largest()).isEqualTo(q.nodes()[n - 1]);
    }

    @Test
    void aKrylovSpaceExhaustedEarlyStopsThereWithAnExactQuadrature() {
        int n = 24;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = new double[] {0.5, 2, 7}[i % 3];
        Dense a = Dense.of(lambda, 9);
        double[] v = gaussian(n, 10);
        RitzQuadrature q = Lanczos.run(a, v, 1, 20, SIMD).get(0);
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.nodes()).containsExactly(new double[] {0.5, 2, 7}, within(1e-12));
        double vv = dot(v, v);
        double[] mass = new double[3];
        for (int i = 0; i < n; i++) {
            double proj = 0;
            for (int j = 0; j < n; j++) proj += a.h()[j][i] * v[j];
            mass[i % 3] += proj * proj / vv;
        }
        assertThat(q.weights()).containsExactly(mass, within(1e-12));
    }

    @Test
    void rowsRunTogetherGiveBitForBitWhatEachGivesAlone() {
        int n = 40, rows = 5;
        Dense[] ops = new Dense[rows];
        for (int r = 0; r < rows; r++) ops[r] = Dense.of(spread(n, 0.1, 5, 20 + r), 30 + r);
        // Row r meets operator r: a block operator as the Jacobian's Gram matrix is one.
        SymmetricOperator block = new SymmetricOperator() {
            @Override public int size() { return n; }

            @Override public void apply(double[] in, double[] out, int count) {
                for (int r = 0; r < count; r++) {
                    double[] one = Arrays.copyOfRange(in, r * n, (r + 1) * n);
                    System.arraycopy(ops[r].times(one), 0, out, r * n, n);
                }
            }
        };
        double[] starts = gaussian(rows * n, 50);
        List<RitzQuadrature> together = Lanczos.run(block, starts, rows, 12, SIMD);
        for (int r = 0; r < rows; r++) {
            RitzQuadrature alone = Lanczos.run(ops[r], Arrays.copyOfRange(starts, r * n, (r + 1) * n), 1, 12, SIMD).get(0);
            assertThat(together.get(r)).as("row %d", r).isEqualTo(alone);
        }
    }

    @Test
    void badInputIsNamed() {
        Dense a = Dense.of(new double[] {1, 2, 3}, 1);
        assertThatThrownBy(() -> Lanczos.run(a, new double[3], 0, 2, SIMD)).hasMessageContaining("start vectors: 0; expected at least 1");
        assertThatThrownBy(() -> Lanczos.run(a, new double[] {1, 1, 1}, 1, 0, SIMD)).hasMessageContaining("Lanczos steps: 0; expected at least 1");
        assertThatThrownBy(() -> Lanczos.run(a, new double[4], 1, 2, SIMD)).hasMessageContaining("hold 4 values; expected 1 rows of 3");
        assertThatThrownBy(() -> Lanczos.run(a, new double[] {1, 1, 1, 0, 0, 0}, 2, 2, SIMD)).hasMessageContaining("start vector 1 has norm 0.0");
        assertThatThrownBy(() -> Lanczos.run(a, new double[] {1, Double.NaN, 1}, 1, 2, SIMD)).hasMessageContaining("start vector 0 has norm NaN");
        SymmetricOperator broken = new SymmetricOperator() {
            @Override public int size() { return 3; }

            @Override public void apply(double[] in, double[] out, int rows) { Arrays.fill(out, Double.NaN); }
        };
        assertThatThrownBy(() -> Lanczos.run(broken, new double[] {1, 0, 0}, 1, 2, SIMD))
                .hasMessageContaining("not finite (NaN) for row 0 at Lanczos step 1");
        assertThatThrownBy(() -> new RitzQuadrature(new double[] {1}, new double[] {0.5, 0.5})).hasMessageContaining("1 nodes and 2 weights");
    }
}
