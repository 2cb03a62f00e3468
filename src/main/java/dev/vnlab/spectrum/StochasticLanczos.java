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
 * <p>Per group of rows (one operator): one random vector of its own finds the eigenpairs that
 * converge first, the largest, and those whose residual is below {@link #DEFLATION_TOLERANCE} of
 * the largest Ritz value count exactly; the group's random start vectors, standard Gaussian and
 * normalised, run beside it in the same block, and their quadratures are corrected for the
 * deflated pairs afterwards. Cost: m products of the operator with the block (P + 1 rows per
 * group), each streaming the operator once (a Jacobian's weights: memory-bound at large widths,
 * so one block beats two runs), and m^2 n per row to reorthogonalise; memory m n doubles per row.
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
        return ofGram(jacobian, probes, steps, rng, 0);
    }

    /** {@link #ofGram(HiddenJacobian, int, int, Rng)} with input i's vectors from {@code rng.child(firstStream + i)}. */
    static SpectralQuadrature ofGram(HiddenJacobian jacobian, int probes, int steps, Rng rng, long firstStream) {
        return estimate(new JacobianGram(jacobian), jacobian.points(), probes, steps, rng, firstStream, jacobian.blas());
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
        return estimate(a, groups, probes, steps, rng, 0, blas);
    }

    private static SpectralQuadrature estimate(SymmetricOperator a, int groups, int probes, int steps, Rng rng, long firstStream, Blas blas) {
        if (groups < 1) throw new IllegalArgumentException("groups of start vectors: " + groups + "; expected at least 1");
        if (probes < 1) throw new IllegalArgumentException("start vectors per group: " + probes + "; expected at least 1");
        if (steps < 1) throw new IllegalArgumentException("Lanczos steps: " + steps + "; expected at least 1");
        Kernels k = blas.kernels();
        int n = a.size(), per = probes + 1, block = Math.multiplyExact(per, n);
        double[] starts = new double[Math.multiplyExact(groups, block)];
        for (int g = 0; g < groups; g++) {
            Rng own = rng.child(firstStream + g);
            own.child(0).fillGaussian(starts, g * block, n, 0, 1, blas); // the deflation row
            own.child(1).fillGaussian(starts, g * block + n, probes * n, 0, 1, blas);
        }
        Lanczos.Run run = Lanczos.tridiagonals(a, starts, groups * per, steps, k);
        List<SpectralQuadrature.Group> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            double[][] top = Lanczos.convergedTop(run, g * per, DEFLATION_TOLERANCE, n, k);
            int r = top[0].length;
            if (r == n) { // every eigenvalue found: exact
                out.add(new SpectralQuadrature.Group(top[0], List.of(), new double[0][]));
                continue;
            }
            List<RitzQuadrature> qs = new ArrayList<>(probes);
            double[][] overlaps = new double[probes][r];
            for (int v = 0; v < probes; v++) {
                int row = g * per + 1 + v;
                qs.add(Lanczos.quadrature(run.alpha()[row], run.beta()[row], run.length()[row]));
                for (int c = 0; c < r; c++) {
                    double o = k.dot(n, top[1], c * n, run.basis()[row], 0); // the basis starts with the normalised start vector
                    overlaps[v][c] = o * o;
                }
            }
            out.add(new SpectralQuadrature.Group(top[0], qs, overlaps));
        }
        return new SpectralQuadrature(n, out);
    }
}
