package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * SLQ of J J^T where the exact route also runs: width 500, depth 50, hard-tanh at sigma_w^2 = 1
 * (the demo's network), two inputs, 8 start vectors of 40 Lanczos steps per input, against the
 * eigenvalues of the formed J J^T. The first four moments within 2%, the largest eigenvalue within
 * 0.1%. The smallest eigenvalue is 0 to the float32 products' resolution (saturated units and 50
 * layers leave J numerically rank-deficient), and SLQ's smallest Ritz value is within 1e-5 of the
 * largest eigenvalue of it.
 */
class SlqAgainstExactEigenvaluesTest {
    @Test
    void momentsAndExtremesAtWidth500Depth50() {
        try (Workers workers = Workers.of(2)) {
            Blas blas = Blas.on(workers);
            Mlp net = Mlp.create(500, 500, 50, 10, Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1.0, 0.0), Init.he(), Rng.seeded(1), blas);
            FloatMatrix x = new FloatMatrix(2, 500);
            Rng.seeded(2).fillGaussian(x, 0f, (float) Math.sqrt(0.1), blas);
            HiddenJacobian jac = HiddenJacobian.at(net, x, blas);
            double[] exact = new double[5];
            double max = 0, min = Double.POSITIVE_INFINITY;
            for (int p = 0; p < 2; p++) {
                for (double e : JacobianSpectrum.at(jac, p).eigenvalues()) {
                    for (int k = 1; k <= 4; k++) exact[k] += Math.pow(e, k) / 1000;
                    max = Math.max(max, e);
                    min = Math.min(min, e);
                }
            }
            SpectralQuadrature q = StochasticLanczos.ofGram(jac, 8, 40, Rng.seeded(3));
            for (int k = 1; k <= 4; k++) assertThat(q.moment(k).value()).as("m%d", k).isCloseTo(exact[k], within(0.02 * exact[k]));
            assertThat(q.largest()).isCloseTo(max, within(1e-3 * max));
            assertThat(min).isLessThan(1e-12 * max);
            assertThat(q.smallest()).isCloseTo(min, within(1e-5 * max));
        }
    }
}
