package dev.vnlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class InitAndLossTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() { ONE.close(); }

    static double[] meanVar(float[] x) {
        double s = 0, s2 = 0;
        for (float v : x) { s += v; s2 += (double) v * v; }
        double m = s / x.length;
        return new double[] {m, s2 / x.length - m * m};
    }

    @Test
    void gaussianAndUniformWeightsHaveVarianceSigmaW2OverFanIn() {
        for (Init.Scheme scheme : new Init.Scheme[] {Init.Scheme.GAUSSIAN, Init.Scheme.UNIFORM}) {
            FloatMatrix w = new FloatMatrix(500, 400);
            new Init(scheme, 1.5, 0).weights(w, Rng.seeded(1), BLAS);
            double[] mv = meanVar(w.data());
            double want = 1.5 / 400;
            assertThat(mv[0]).as("%s mean", scheme).isCloseTo(0, within(5 * Math.sqrt(want / 200_000)));
            assertThat(mv[1]).as("%s variance", scheme).isCloseTo(want, within(0.02 * want));
            if (scheme == Init.Scheme.UNIFORM) {
                float a = (float) Math.sqrt(3 * want);
                for (float v : w.data()) assertThat(Math.abs(v)).isLessThanOrEqualTo(a);
            }
        }
    }

    @Test
    void orthogonalWeightsAreSigmaWTimesSemiOrthogonal() {
        for (int[] shape : new int[][] {{100, 300}, {300, 100}, {128, 128}}) {
            FloatMatrix w = new FloatMatrix(shape[0], shape[1]);
            new Init(Init.Scheme.ORTHOGONAL, 2.0, 0).weights(w, Rng.seeded(2), BLAS);
            boolean wide = shape[0] <= shape[1];
            int k = Math.min(shape[0], shape[1]);
            FloatMatrix gram = new FloatMatrix(k, k);
            if (wide) BLAS.gemm(Transpose.N, Transpose.T, 1f, w, w, 0f, gram); // W W^T
            else BLAS.gemm(Transpose.T, Transpose.N, 1f, w, w, 0f, gram);      // W^T W
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) assertThat((double) gram.get(i, j)).isCloseTo(i == j ? 2.0 : 0.0, within(2e-5));
            }
        }
    }

    @Test
    void drawsDependOnTheStreamOnlyNotOnThreads() {
        FloatMatrix a = new FloatMatrix(64, 48), b = new FloatMatrix(64, 48);
        Init init = new Init(Init.Scheme.ORTHOGONAL, 1, 0);
        init.weights(a, Rng.seeded(9), BLAS);
        try (Workers two = Workers.of(2)) {
            init.weights(b, Rng.seeded(9), Blas.on(two));
        }
        assertThat(b.data()).containsExactly(a.data());
        float[] bias = new float[10_000];
        new Init(Init.Scheme.GAUSSIAN, 1, 0.05).biases(bias, Rng.seeded(3), BLAS);
        assertThat(meanVar(bias)[1]).isCloseTo(0.05, within(0.003));
        new Init(Init.Scheme.GAUSSIAN, 1, 0).biases(bias, Rng.seeded(3), BLAS);
        assertThat(bias).containsOnly(0f);
    }

    @Test
    void presetsAndBadScales() {
        assertThat(Init.he().sigmaW2()).isEqualTo(2.0);
        Init g = Init.glorot(300, 100);
        assertThat(g.sigmaW2() / 300).isCloseTo(2.0 / 400, within(1e-15)); // variance 2 / (fan_in + fan_out)
        assertThatThrownBy(() -> new Init(Init.Scheme.GAUSSIAN, -1, 0)).hasMessageContaining("sigma_w^2 -1.0");
        assertThatThrownBy(() -> new Init(Init.Scheme.GAUSSIAN, 1, Double.NaN)).hasMessageContaining("sigma_b^2 NaN");
    }

    @Test
    void crossEntropyByHandAndWithHugeLogits() {
        FloatMatrix z = FloatMatrix.of(new float[][] {{0, 0}, {1000, 0}, {0, 1000}});
        FloatMatrix dz = new FloatMatrix(3, 2);
        double loss = Loss.SOFTMAX_CROSS_ENTROPY.evaluate(z, new int[] {0, 0, 0}, dz);
        assertThat(loss).isCloseTo((Math.log(2) + 0 + 1000) / 3, within(1e-9));
        assertThat(dz.get(0, 0)).isCloseTo(-0.5f / 3, within(1e-7f));
        assertThat(dz.get(0, 1)).isCloseTo(0.5f / 3, within(1e-7f));
        assertThat(dz.get(2, 0)).isCloseTo(-1f / 3, within(1e-7f));
        for (float v : dz.data()) assertThat(Float.isFinite(v)).isTrue();
        assertThat(Loss.MSE.evaluate(FloatMatrix.of(new float[][] {{0.5f, 0.5f}}), new int[] {1}, null)).isCloseTo(0.25, within(1e-12));
    }

    /** The gradient check: central differences of the loss (computed in double) against the gradient. */
    @Test
    void gradientsMatchFiniteDifferences() {
        Random r = new Random(4);
        for (Loss loss : Loss.values()) {
            FloatMatrix z = new FloatMatrix(5, 7);
            int[] y = new int[5];
            for (int i = 0; i < 5; i++) { y[i] = r.nextInt(7); for (int j = 0; j < 7; j++) z.set(i, j, (float) r.nextGaussian() * 2); }
            FloatMatrix dz = new FloatMatrix(5, 7);
            loss.evaluate(z, y, dz);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 7; j++) {
                    float v = z.get(i, j), e = 1f / 1024, vUp = v + e, vDown = v - e;
                    z.set(i, j, vUp);
                    double up = loss.evaluate(z, y, null);
                    z.set(i, j, vDown);
                    double down = loss.evaluate(z, y, null);
                    z.set(i, j, v);
                    // divided by the step actually taken: v +- e rounds where it crosses a binade
                    double fd = (up - down) / ((double) vUp - vDown);
                    assertThat((double) dz.get(i, j)).as("%s d/dz[%d][%d]", loss, i, j).isCloseTo(fd, within(2e-7));
                }
            }
        }
    }

    @Test
    void accuracyCountAndBadInput() {
        FloatMatrix z = FloatMatrix.of(new float[][] {{0.1f, 0.9f}, {0.5f, 0.5f}, {2, -1}});
        assertThat(Loss.correct(z, new int[] {1, 0, 1})).isEqualTo(2); // ties go to the first
        assertThatThrownBy(() -> Loss.SOFTMAX_CROSS_ENTROPY.evaluate(z, new int[] {1, 0, 2}, null)).hasMessageContaining("label 2 of example 2");
        assertThatThrownBy(() -> Loss.MSE.evaluate(z, new int[] {1}, null)).hasMessageContaining("a label per row");
    }
}
