package dev.vnlab.spectrum;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Layers;
import java.util.List;

/**
 * The measured side of the vanishing-node figures at several depths of one network: the
 * covariance of x_l over M inputs (the covariance VNI, eq. 3.3 and 3.4) and the moments of the
 * Jacobian of the first l hidden layers at the first K inputs (the Jacobian VNI, eq. 3.5), for
 * each depth l (numbered as {@link Layers} defines). The one wiring of these measurements that
 * {@link VanishingReport} and the depth sweeps use; {@link TheoryAlongDepth} is its theory side.
 *
 * @param depths the depths l, in the order asked
 * @param covariances the covariance of x_l over the M inputs, per depth: its statistics only
 *        (VNI, trace, variances; {@link Covariance#holdsMatrix()} is false)
 * @param jacobian per depth, the moments at each of the method's inputs in order; empty lists
 *        when no Jacobian was asked for
 */
public record VanishingAlongDepth(int[] depths, List<Covariance> covariances, List<List<JacobianMoments>> jacobian) {
    public VanishingAlongDepth {
        depths = depths.clone();
        covariances = List.copyOf(covariances);
        jacobian = jacobian.stream().map(List::copyOf).toList();
    }

    /**
     * Measures {@code net} at each depth (1..L) over all rows of {@code inputs} (M x n_0, M >= 2):
     * the covariances from one observed pass of {@code batch} rows at a time, then, unless
     * {@code method} is null, the Jacobian moments from one observed pass over the method's
     * first inputs, {@code jacobianBatch} rows at a time. The network is not modified.
     *
     * @throws IllegalArgumentException if a depth does not exist, the inputs do not fit the
     *         network, M &lt; 2, M is below the method's input count, or a batch size is below 1
     */
    public static VanishingAlongDepth measure(Layers net, RowSource inputs, int batch, int[] depths, JacobianMethod method, int jacobianBatch, Blas blas) {
        Covariance[] cov = LayerMetrics.statistics(net, depths, inputs, batch, blas);
        List<List<JacobianMoments>> jac = method == null ? depthsOfNothing(depths.length) : method.measure(net, inputs, jacobianBatch, depths, blas);
        return new VanishingAlongDepth(depths, List.of(cov), jac);
    }

    private static List<List<JacobianMoments>> depthsOfNothing(int depths) {
        return java.util.Collections.nCopies(depths, List.of());
    }

    @Override public int[] depths() { return depths.clone(); }

    /** The mean of the per-input Jacobian moments at depth index k ({@link JacobianMoments#mean}). */
    public JacobianMoments meanJacobian(int k) {
        return JacobianMoments.mean(jacobian.get(k));
    }
}
