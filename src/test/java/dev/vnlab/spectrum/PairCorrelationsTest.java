package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.theory.CorrelationMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pairs of inputs through wide random networks against the mean-field correlation map, in both
 * phases: measured cosines within four standard errors plus a finite-width allowance of the
 * prediction; and the measurement itself against a direct computation.
 */
class PairCorrelationsTest {
    /** 2P inputs of width n, second moment qx, pair i's two rows of cosine c0 (in distribution). */
    private static FloatMatrix pairs(int p, int n, double qx, double c0, long seed) {
        Random rnd = new Random(seed);
        FloatMatrix x = new FloatMatrix(2 * p, n);
        double s = Math.sqrt(qx), t = Math.sqrt(1 - c0 * c0);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double z1 = rnd.nextGaussian(), z2 = rnd.nextGaussian();
                x.set(2 * i, j, (float) (s * z1));
                x.set(2 * i + 1, j, (float) (s * (c0 * z1 + t * z2)));
            }
        }
        return x;
    }

    @Test
    void widePairsFollowTheCorrelationMapInBothPhases() {
        try (Workers w = Workers.of(2)) {
            Blas blas = Blas.on(w);
            int n = 1000, depth = 12;
            int[] depths = {1, 2, 4, 8, 12};
            // chaos (tanh, sigma_w^2 = 2): pairs decorrelate; order (sigma_w^2 = 0.8, sigma_b^2 = 0.2): they merge.
            for (double[] scales : new double[][] {{2, 0.05}, {0.8, 0.2}}) {
                Init init = new Init(Init.Scheme.GAUSSIAN, scales[0], scales[1]);
                DrawnNetwork net = DrawnNetwork.of(n, n, depth, 1, Activation.TANH, init, init, Rng.seeded(3), blas);
                FloatMatrix x = pairs(40, n, 0.5, 0.6, 4);
                Estimate[] measured = PairCorrelations.measure(net, x, depths, blas);
                double[] predicted = CorrelationMap.cosineSequence(Activation.TANH, scales[0], scales[1], 0.5, 0.6, depth);
                for (int d = 0; d < depths.length; d++) {
                    Estimate m = measured[d];
                    assertThat(m.value()).as("sigma_w^2 %s, depth %d", scales[0], depths[d])
                            .isCloseTo(predicted[depths[d] - 1], within(4 * m.standardError() + 0.02));
                }
            }
            // Deep down the phases part: chaos settles at the cosine of c* < 1, order at 1.
            double q = dev.vnlab.theory.MeanField.fixedPoint(Activation.TANH, 2, 0.05), c = CorrelationMap.fixedPoint(Activation.TANH, 2, 0.05);
            double atFixedPoint = CorrelationMap.crossMoment(Activation.TANH, q, c) / dev.vnlab.theory.ActivationMoments.meanSquare(Activation.TANH, q);
            assertThat(c).isLessThan(0.9);
            assertThat(CorrelationMap.cosineSequence(Activation.TANH, 2, 0.05, 0.5, 0.6, 200)[199]).isCloseTo(atFixedPoint, within(5e-3)); // slowly: xi_c is 25 layers, and near 1 the map leaves 1 at the rate chi_1 - 1 = 0.05
            assertThat(CorrelationMap.cosineSequence(Activation.TANH, 2, 0.05, 0.5, 0.99, 200)[199]).isCloseTo(atFixedPoint, within(5e-3)); // slowly: xi_c is 25 layers, and near 1 the map leaves 1 at the rate chi_1 - 1 = 0.05
            assertThat(CorrelationMap.cosineSequence(Activation.TANH, 0.8, 0.2, 0.5, 0.6, 200)[199]).isGreaterThan(0.9999);
        }
    }

    @Test
    void theInputsCosineAtDepthZeroAndBadShapes() {
        try (Workers w = Workers.of(1)) {
            Blas blas = Blas.on(w);
            Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
            DrawnNetwork net = DrawnNetwork.of(30, 30, 2, 1, Activation.TANH, init, init, Rng.seeded(1), blas);
            FloatMatrix x = pairs(3, 30, 1, 0.3, 2);
            Estimate e = PairCorrelations.measure(net, x, new int[] {0}, blas)[0];
            double mean = 0;
            for (int i = 0; i < 3; i++) {
                double ab = 0, aa = 0, bb = 0;
                for (int j = 0; j < 30; j++) {
                    ab += (double) x.get(2 * i, j) * x.get(2 * i + 1, j);
                    aa += (double) x.get(2 * i, j) * x.get(2 * i, j);
                    bb += (double) x.get(2 * i + 1, j) * x.get(2 * i + 1, j);
                }
                mean += ab / Math.sqrt(aa * bb) / 3;
            }
            assertThat(e.value()).isCloseTo(mean, within(1e-12));
            assertThatThrownBy(() -> PairCorrelations.measure(net, new FloatMatrix(3, 30), new int[] {1}, blas)).hasMessageContaining("pairs are 3x30");
            assertThatThrownBy(() -> CorrelationMap.cosineSequence(Activation.TANH, 1, 0, 1, 1.2, 3)).hasMessageContaining("c_0 = 1.2");
        }
    }
}
