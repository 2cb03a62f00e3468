package dev.vnlab.spectrum;

import dev.vnlab.linalg.Blas;
import dev.vnlab.random.Rng;

/**
 * Stochastic Lanczos quadrature (SLQ): the spectral density, moments and extreme eigenvalues of a
 * symmetric operator from products with it alone (Golub and Meurant; Ubaru, Chen and Saad 2017).
 * Each random start vector, standard Gaussian then normalised (uniform on the sphere), runs m
 * {@link Lanczos} steps with full reorthogonalisation; the average of their Gauss quadratures
 * estimates the normalised spectral measure ({@link SpectralQuadrature}). Cost: m products of
 * the operator with the block of all start vectors, and m^2 n per start vector to reorthogonalise;
 * memory m n doubles per start vector.
 */
public final class StochasticLanczos {
    private StochasticLanczos() {}

    /**
     * SLQ of {@code J J^T} at every input of {@code jacobian}, input i probed by {@code probes}
     * start vectors drawn from {@code rng.child(i)}: the same numbers for any thread count.
     *
     * @throws IllegalArgumentException if probes or steps is below 1
     */
    public static SpectralQuadrature ofGram(HiddenJacobian jacobian, int probes, int steps, Rng rng) {
        return estimate(new JacobianGram(jacobian), jacobian.points(), probes, steps, rng, jacobian.blas());
    }

    /**
     * SLQ of an operator whose rows come in {@code groups} (1 for a single operator; the inputs of
     * a Jacobian's Gram operator), each group probed by {@code probes} start vectors drawn from
     * {@code rng.child(group)}.
     *
     * @param steps Lanczos steps per start vector (at most n are taken)
     * @throws IllegalArgumentException if groups, probes or steps is below 1
     */
    public static SpectralQuadrature estimate(SymmetricOperator a, int groups, int probes, int steps, Rng rng, Blas blas) {
        if (groups < 1) throw new IllegalArgumentException("groups of start vectors: " + groups + "; expected at least 1");
        if (probes < 1) throw new IllegalArgumentException("start vectors per group: " + probes + "; expected at least 1");
        int n = a.size(), rows = Math.multiplyExact(groups, probes), block = Math.multiplyExact(probes, n);
        double[] starts = new double[Math.multiplyExact(rows, n)];
        for (int g = 0; g < groups; g++) rng.child(g).fillGaussian(starts, g * block, block, 0, 1, blas);
        return new SpectralQuadrature(n, Lanczos.run(a, starts, rows, steps, blas.kernels()));
    }
}
