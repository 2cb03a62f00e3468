package dev.vnlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.spectrum.JacobianMethod;
import dev.vnlab.spectrum.VanishingReport;
import org.junit.jupiter.api.Test;

/** README's first library example, as written there, with its numbers checked against eq. 3.6. */
class ReadmeExampleTest {
    @Test
    void buildAnetworkMeasureItsVniCompareWithTheory() {
        int depth = 20, width = 200;
        try (Workers workers = Workers.of(2)) {
            Blas blas = Blas.on(workers);
            Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);                 // scaled Gaussian, sigma_w^2 = 1
            DrawnNetwork net = DrawnNetwork.of(width, width, depth, 10, Activation.HARD_TANH, init, init, Rng.seeded(1), blas);
            RowSource x = RowSource.gaussian(Rng.seeded(2), 1000, width, 0.1, blas);  // 1000 inputs of variance 0.1
            VanishingReport r = VanishingReport.measure(net, init, x, JacobianMethod.stochastic(4, 16, Rng.seeded(3)), 1000, blas);
            // eq. 3.6 for hard-tanh at q* -> 0: (1 + L) / N; one network, so a loose band around it.
            assertThat(r.fixedPoint().vni()).isCloseTo((1.0 + depth) / width, within(1e-3));
            assertThat(r.covarianceVni()).isCloseTo(r.fixedPoint().vni(), within(0.03));
            assertThat(r.jacobian().vni().value()).isCloseTo(r.fixedPoint().vni(), within(0.03));
        }
    }
}
