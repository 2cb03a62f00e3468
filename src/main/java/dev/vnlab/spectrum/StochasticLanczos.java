package dev.vnlab.spectrum;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic Lanczos quadrature (SLQ): the spectral density, moments and extreme eigenvalues of a
 * symmetric operator from products with it alone (Golub and Meurant; Ubaru, Chen and Saad 2017),
 * with the largest eigenpairs deflated ({@link SpectralQuadrature}).
 *
 * <p>Per group of rows (one operator): a first {@link Lanczos} run from one random vector finds the
 * eigenpairs that converge first, the largest, and those whose residual is below
 * {@link #DEFLATION_TOLERANCE} of the largest Ritz value count exactly; then each of the group's
 * random start vectors, standard Gaussian, projected off their eigenvectors (twice) and
 * normalised, runs its own Lanczos steps with full reorthogonalisation. Cost: 2m products of the
 * operator (the first run's block has one row per group, the second one per start vector), and
 * m^2 n per start vector to reorthogonalise; memory m n doubles per start vector.
 */
public final class StochasticLanczos {
    /**
     * A Ritz pair counts as an eigenpair when {@code ||A y - theta y||} is below this fraction of the
     * largest Ritz value: treating it as exact then biases each moment by about its square
     * (the Rayleigh quotient's error is quadratic in the residual). Float32 Jacobian products
     * converge to about 1e-6.
     */
    static final double DEFLATION_TOLERANCE = 1e-5;

    private StochasticLanczos() {}

    /**
     * SLQ of {@code J J^T} at every input of {@code jacobian}, input i's vectors drawn from
     * {@code rng.child(i)}: the same numbers for any thread count.
     *
     * @param probes start vectors per input, at least 1 (2 or more for standard errors)
     * @param steps Lanczos steps per start vector (at most n are taken)
     * @throws IllegalArgumentException if probes or steps is below 1
     */
    public static SpectralQuadrature ofGram(HiddenJacobian jacobian, int probes, int steps, Rng rng) {
        return estimate(new JacobianGram(jacobian), jacobian.points(), probes, steps, rng, jacobian.blas());
    }

    /**
     * SLQ of an operator whose rows come in {@code groups} (1 for a single operator; the inputs of
     * a Jacobian's Gram operator), group g's vectors drawn from {@code rng.child(g)}.
     *
     * @param probes start vectors per group, at least 1 (2 or more for standard errors)
     * @param steps Lanczos steps per start vector (at most n are taken)
     * @throws IllegalArgumentException if groups, probes or steps is below 1
     */
    public static SpectralQuadrature estimate(SymmetricOperator a, int groups, int probes, int steps, Rng rng, Blas blas) {
        if (groups < 1) throw new IllegalArgumentException("groups of start vectors: " + groups + "; expected at least 1");
        if (probes < 1) throw new IllegalArgumentException("start vectors per group: " + probes + "; expected at least 1");
        if (steps < 1) throw new IllegalArgumentException("Lanczos steps: " + steps + "; expected at least 1");
        Kernels k = blas.kernels();
        int n = a.size(), block = Math.multiplyExact(probes, n);
        double[] first = new double[Math.multiplyExact(groups, n)];
        for (int g = 0; g < groups; g++) rng.child(g).child(0).fillGaussian(first, g * n, n, 0, 1, blas);
        Lanczos.Run run = Lanczos.tridiagonals(a, first, groups, steps, k);
        double[][][] top = new double[groups][][];
        double[] starts = new double[Math.multiplyExact(groups, block)];
        for (int g = 0; g < groups; g++) {
            top[g] = Lanczos.convergedTop(run, g, DEFLATION_TOLERANCE, n, k);
            rng.child(g).child(1).fillGaussian(starts, g * block, block, 0, 1, blas);
            int r = top[g][0].length;
            if (r == n) continue; // every eigenvalue found: the group's vectors run, and are not needed
            double[] y = top[g][1];
            for (int v = 0; v < probes; v++) {
                int off = g * block + v * n;
                for (int pass = 0; pass < 2; pass++) {
                    for (int c = 0; c < r; c++) k.axpy(n, -k.dot(n, y, c * n, starts, off), y, c * n, starts, off);
                }
            }
        }
        List<RitzQuadrature> all = Lanczos.run(a, starts, groups * probes, steps, k);
        List<SpectralQuadrature.Group> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            boolean exact = top[g][0].length == n;
            out.add(new SpectralQuadrature.Group(top[g][0], exact ? List.of() : all.subList(g * probes, (g + 1) * probes)));
        }
        return new SpectralQuadrature(n, out);
    }
}
