package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.spectrum.HiddenJacobian;

/**
 * The Jacobian benchmarks' fixture: a network held in memory (Gaussian weights, sigma_w^2 = 1,
 * sigma_b^2 = 0, seed 1) and one input of variance 0.1 (seed 2), on workers of its own.
 */
final class NetworkAtOneInput implements AutoCloseable {
    private final Workers workers;
    private final Blas blas;
    private final Mlp net;
    private final FloatMatrix x;

    NetworkAtOneInput(Activation phi, int inputs, int width, int depth, int threads) {
        workers = Workers.of(threads);
        blas = Blas.on(workers);
        Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
        net = Mlp.create(inputs, width, depth, 10, phi, init, init, Rng.seeded(1), blas);
        x = new FloatMatrix(1, inputs);
        Rng.seeded(2).fillGaussian(x, 0f, (float) Math.sqrt(0.1), blas);
    }

    /** The hidden stack's Jacobian at the input (one observed forward pass). */
    HiddenJacobian jacobian() { return HiddenJacobian.at(net, x, blas); }

    @Override public void close() { workers.close(); }
}
