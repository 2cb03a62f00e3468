package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jacobians, spectra, estimates and reports must be bit-identical for 1, 2 and 3 threads. Widths
 * of 120 put every GEMM (120 x 120 x 120 and up) above GemmDriver's 2^18 multiply-adds, so the
 * parallel paths are taken.
 */
class SpectrumThreadDeterminismTest {
    private static final int[] THREADS = {1, 2, 3};
    private static final List<Workers> WORKERS = new ArrayList<>();

    @BeforeAll static void start() { for (int t : THREADS) WORKERS.add(Workers.of(t)); }

    @AfterAll static void stop() {
        WORKERS.forEach(Workers::close);
        WORKERS.clear();
    }

    /** Runs {@code op} (which builds everything from fixed seeds) on every thread count and checks the results equal those of one thread. */
    private static void assertSameForAllThreadCounts(Function<Blas, Object> op) {
        Object one = null;
        for (Workers w : WORKERS) {
            Object got = op.apply(Blas.on(w));
            if (one == null) one = got;
            else assertThat(got).as("%d threads vs 1", w.threads()).isEqualTo(one);
        }
        assertThat(one).isNotNull();
    }

    private static Mlp net(Blas blas) {
        Init init = new Init(Init.Scheme.GAUSSIAN, 1.1, 0.02);
        return Mlp.create(130, 120, 3, 5, Activation.TANH, init, init, Rng.seeded(1), blas);
    }

    private static FloatMatrix inputs(Blas blas) {
        FloatMatrix x = new FloatMatrix(3, 130);
        Rng.seeded(2).fillGaussian(x, 0f, 0.5f, blas);
        return x;
    }

    @Test
    void exactJacobianAndSpectrum() {
        assertSameForAllThreadCounts(blas -> {
            HiddenJacobian jac = HiddenJacobian.at(net(blas), inputs(blas), blas);
            JacobianSpectrum sp = JacobianSpectrum.at(jac, 1);
            List<Object> out = new ArrayList<>();
            for (float v : jac.matrix(2).data()) out.add(v);
            for (double v : sp.eigenvalues()) out.add(v);
            out.add(sp.moments());
            return out;
        });
    }

    @Test
    void stochasticEstimates() {
        assertSameForAllThreadCounts(blas -> StochasticMoments.estimate(HiddenJacobian.at(net(blas), inputs(blas), blas), 40, Rng.seeded(3)));
    }

    @Test
    void reports() {
        for (JacobianMethod method : new JacobianMethod[] {JacobianMethod.exact(2), JacobianMethod.stochastic(3, 40, Rng.seeded(4))}) {
            assertSameForAllThreadCounts(blas -> {
                Init init = new Init(Init.Scheme.GAUSSIAN, 1.1, 0.02);
                RowSource in = RowSource.gaussian(Rng.seeded(5), 150, 130, 0.2, blas);
                return VanishingReport.measure(net(blas), init, in, method, 64, blas);
            });
        }
    }
}
