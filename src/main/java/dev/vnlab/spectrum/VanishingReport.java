package dev.vnlab.spectrum;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Layers;
import java.util.List;

/**
 * The vanishing-node figures of one network over one input set, side by side (docs/theory.md
 * section 5): the covariance VNI of the last hidden layer (eq. 3.4), the Jacobian VNI with m1
 * and m2 of {@code J J^T} (eq. 3.5), and the fixed-point (eq. 3.6) and finite-depth
 * predictions of the same. They agree only where the linearisation {@code x_L - mean ~ J x_0}
 * holds; nothing here adjusts one to fit another. The measurements are
 * {@link VanishingAlongDepth}'s and the predictions {@link TheoryAlongDepth}'s, at depth L.
 *
 * @param depth L, the number of hidden layers
 * @param width N, the width of the last hidden layer
 * @param inputs M, the rows the covariance is taken over
 * @param inputSecondMoment q_x, the inputs' mean squared component over all M rows (their
 *        variance when they are centred), which sets q_1 of the finite-depth prediction
 * @param covarianceVni the VNI of the last hidden layer's covariance over the M inputs, biased
 *        upward by about 1/M; NaN where it is undefined
 * @param nodeVariance the mean variance of that layer's nodes over the M inputs: 0 when the
 *        layer has collapsed (every node constant, {@link #collapsed()}), NaN when its values
 *        were not finite
 * @param method how the Jacobian was measured
 * @param jacobian m1, m2 and the Jacobian VNI, each the mean of its per-input values
 *        ({@link JacobianMoments#mean}), over the method's first inputs
 * @param perInput the moments at each of those inputs, in order
 * @param fixedPoint {@link dev.vnlab.theory.Predictions#fixedPoint}, or why there is none
 * @param finiteDepth {@link dev.vnlab.theory.Predictions#finiteDepth} at q_x, or why there is none
 */
public record VanishingReport(int depth, int width, long inputs, double inputSecondMoment, double covarianceVni, double nodeVariance,
                              JacobianMethod method, JacobianMoments jacobian, List<JacobianMoments> perInput,
                              TheoryPrediction fixedPoint, TheoryPrediction finiteDepth) {
    public VanishingReport {
        perInput = List.copyOf(perInput);
    }

    /**
     * Measures {@code net} over {@code inputs} (M x n0, M >= 2), {@code batch} rows per forward
     * pass (for the covariance and the Jacobian alike), and predicts for the hidden layers' {@code init} (the scheme, sigma_w^2 and sigma_b^2
     * they were drawn with; the network does not record it) and activation. The theory assumes
     * every layer N wide: the first layer's n0 x N shape enters neither prediction, and hidden
     * layers of different widths give no prediction at all (a failure saying so). A theory that
     * rules the configuration out (e.g. no fixed point) gives NaN predictions with the reason,
     * never an exception. The network is not modified.
     *
     * @throws IllegalArgumentException if the network has no hidden layer, the inputs are not
     *         n0 wide, M &lt; 2, M is below the method's input count, or batch &lt; 1
     */
    public static VanishingReport measure(Layers net, Init init, RowSource inputs, JacobianMethod method, int batch, Blas blas) {
        int depth = net.depth();
        if (depth < 1) throw new IllegalArgumentException("the network has 0 hidden layers; expected at least 1");
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        if (inputs.columns() != net.width(0)) {
            throw new IllegalArgumentException("inputs have " + inputs.columns() + " columns; the network expects " + net.width(0));
        }
        long m = inputs.rows();
        if (m < 2) throw new IllegalArgumentException("statistics over " + m + " input(s) are undefined; expected at least 2");
        if (m < method.inputs()) {
            throw new IllegalArgumentException("the Jacobian over " + method.inputs() + " inputs needs that many rows; the input set has " + m);
        }
        int n = net.width(depth);
        int[] last = {depth};
        VanishingAlongDepth measured = VanishingAlongDepth.measure(net, inputs, batch, last, method, batch, blas);
        double qx = secondMoment(inputs, batch, blas);

        String widths = uniformWidthFailure(net, n);
        TheoryAlongDepth theory = widths != null ? TheoryAlongDepth.failed(last, widths)
                : TheoryAlongDepth.of(net.activation(), init, last, n, qx);
        Covariance c = measured.covariances().get(0);
        List<JacobianMoments> perInput = measured.jacobian().get(0);
        return new VanishingReport(depth, n, m, qx, c.vni(), c.meanVariance(), method, JacobianMoments.mean(perInput), perInput,
                theory.fixedPoint().get(0), theory.finiteDepth().get(0));
    }

    /**
     * True when every node of the last hidden layer is constant over the inputs
     * ({@link Covariance#collapsed()}): its covariance VNI is then undefined.
     */
    public boolean collapsed() {
        return nodeVariance == 0;
    }

    /** The mean of x_j^2 over every component of every row: rows summed in float lanes ({@link Blas#frobeniusNorm}), batches in double. */
    private static double secondMoment(RowSource inputs, int batch, Blas blas) {
        long m = inputs.rows();
        double sum = 0;
        FloatMatrix x = null;
        for (long start = 0; start < m; start += batch) {
            int k = (int) Math.min(batch, m - start);
            if (x == null || x.rows() != k) x = new FloatMatrix(k, inputs.columns());
            inputs.read(start, x);
            double norm = blas.frobeniusNorm(x);
            sum += norm * norm;
        }
        return sum / ((double) m * inputs.columns());
    }

    /** Why the theory does not apply to these widths, or null when every hidden layer is N wide. */
    private static String uniformWidthFailure(Layers net, int n) {
        for (int l = 1; l <= net.depth(); l++) {
            if (net.width(l) != n) {
                return "hidden layer " + l + " is " + net.width(l) + " wide and the last is " + n
                        + "; the predictions expect every hidden layer to have the same width";
            }
        }
        return null;
    }
}
